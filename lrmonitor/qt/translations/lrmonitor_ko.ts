<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About lrmonitor</source>
        <translation>lrmonitor 정보</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Qt 정보</translation>
    </message>
    <message>
        <source>Licences…</source>
        <translation>라이선스…</translation>
    </message>
    <message>
        <source>Built on</source>
        <translation>사용한 소프트웨어</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>구성 요소</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>Your files</source>
        <translation>내 파일</translation>
    </message>
    <message>
        <source>Sessions (last folder used)</source>
        <translation>세션 (마지막으로 쓴 폴더)</translation>
    </message>
    <message>
        <source>Autosave (runs restored after a crash)</source>
        <translation>자동 저장 (비정상 종료 뒤 복원할 실행)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>&lt;p&gt;Watch a noisy mini-batch training run live and learn when and how to decay the learning rate. lrmonitor is free software under the MIT licence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;노이즈가 있는 미니배치 학습을 실시간으로 지켜보며 학습률을 언제, 어떻게 감소시킬지 배웁니다. lrmonitor는 MIT 라이선스를 따르는 자유 소프트웨어입니다.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AttachDialog</name>
    <message>
        <source>Attach a training</source>
        <translation>학습 연결하기</translation>
    </message>
    <message>
        <source>Run this in the training&apos;s shell, then start the training:</source>
        <translation>학습을 실행할 셸에서 이 줄을 실행한 다음 학습을 시작하세요:</translation>
    </message>
    <message>
        <source>The port and the secret token of this lrmonitor: a training that presents another token is refused. Keep it to yourself.</source>
        <translation>이 lrmonitor의 포트와 비밀 토큰입니다. 다른 토큰을 내미는 학습은 거부됩니다. 다른 사람에게 알려 주지 마세요.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the line to the clipboard</source>
        <translation>이 줄을 클립보드에 복사합니다</translation>
    </message>
    <message>
        <source>In the training script (PyTorch):</source>
        <translation>학습 스크립트에 추가할 코드 (PyTorch):</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Keep listening in the background: the status bar says when a training attaches</source>
        <translation>백그라운드에서 계속 기다립니다. 학습이 연결되면 상태 표시줄에 알려 줍니다</translation>
    </message>
    <message>
        <source>Stop listening: the connection file is removed and no training can attach</source>
        <translation>기다리기를 멈춥니다. 연결 파일이 지워지고 어떤 학습도 연결할 수 없습니다</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>복사됨</translation>
    </message>
    <message>
        <source>A training on this computer needs nothing else: it finds this lrmonitor through {0}</source>
        <translation>이 컴퓨터의 학습은 다른 설정이 필요 없습니다. 다음 파일로 이 lrmonitor를 찾습니다: {0}</translation>
    </message>
    <message>
        <source>A training is attached: one at a time (another one is refused until it ends).</source>
        <translation>학습이 연결되었습니다. 한 번에 하나만 연결됩니다(이 학습이 끝날 때까지 다른 학습은 거부됩니다).</translation>
    </message>
    <message>
        <source>Waiting for a training…</source>
        <translation>학습을 기다리는 중…</translation>
    </message>
    <message>
        <source>The training went away; waiting for another one…</source>
        <translation>학습 연결이 끊겼습니다. 다른 학습을 기다리는 중…</translation>
    </message>
    <message>
        <source>Not listening.</source>
        <translation>기다리고 있지 않습니다.</translation>
    </message>
</context>
<context>
    <name>AttachedTraining</name>
    <message>
        <source>pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Cannot listen for a training: {0}</source>
        <translation>학습을 기다릴 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Listening for a training: start it with lrmonitor.attach.Monitor.</source>
        <translation>학습을 기다리는 중입니다. lrmonitor.attach.Monitor로 학습을 시작하세요.</translation>
    </message>
    <message>
        <source>A training attached: {0}. Space pauses it, D decays its rate.</source>
        <translation>학습이 연결되었습니다: {0}. Space로 일시정지하고, D로 학습률을 감소시킵니다.</translation>
    </message>
    <message>
        <source>Attach: {0}</source>
        <translation>학습 연결: {0}</translation>
    </message>
    <message>
        <source>The training has not acknowledged {0} within {1} s: it may be busy (a long data-loading step?) or its link stuck. The command stays sent and may still apply when the training reaches its next optimizer step.</source>
        <translation>학습이 {1}초 안에 확인하지 않은 명령: {0}. 학습이 바쁘거나(긴 데이터 로딩 스텝?) 연결이 멈췄을 수 있습니다. 명령은 보낸 상태로 남아 있으며, 학습이 다음 옵티마이저 스텝에 이르면 적용될 수 있습니다.</translation>
    </message>
    <message>
        <source>The training refused {0}: {1}</source>
        <translation>학습이 명령을 거부했습니다({0}): {1}</translation>
    </message>
    <message>
        <source>The training paused before optimizer step {0}.</source>
        <translation>학습이 옵티마이저 스텝 {0} 전에 일시정지했습니다.</translation>
    </message>
    <message>
        <source>The training goes on from optimizer step {0}.</source>
        <translation>학습이 옵티마이저 스텝 {0}부터 계속됩니다.</translation>
    </message>
    <message>
        <source>The training was asked to stop at optimizer step {0}.</source>
        <translation>옵티마이저 스텝 {0}에서 학습에 중지를 요청했습니다.</translation>
    </message>
    <message>
        <source>{0} took effect at optimizer step {1}: the training&apos;s rate is now {2}.</source>
        <translation>명령 {0}: 옵티마이저 스텝 {1}에서 적용되었습니다. 이제 학습률은 {2}입니다.</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>학습이 끝났습니다</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>학습 연결이 끊겼습니다</translation>
    </message>
    <message>
        <source>The training {0}: its run has ended and is kept (save it with Ctrl+S).</source>
        <translation>{0}. 이 실행은 끝났고 그대로 남아 있습니다(Ctrl+S로 저장하세요).</translation>
    </message>
    <message>
        <source>Not acknowledged, the training is gone: {0}.</source>
        <translation>학습이 사라져 확인받지 못한 명령: {0}.</translation>
    </message>
    <message>
        <source>This training is no longer attached, so nothing can reach it: its run is a record now ({0}).</source>
        <translation>이 학습은 더 이상 연결되어 있지 않아 명령을 보낼 수 없습니다. 이 실행은 이제 기록일 뿐입니다({0}).</translation>
    </message>
    <message>
        <source>Sent {0}: the training applies it before its next optimizer step.</source>
        <translation>명령 보냄: {0}. 학습이 다음 옵티마이저 스텝 전에 적용합니다.</translation>
    </message>
    <message>
        <source>Pausing the training: its validation loss stopped improving (best at epoch {0}). Apply a decay, or press Space to go on.</source>
        <translation>학습을 일시정지합니다: 검증 손실이 더 나아지지 않습니다(최저는 에포크 {0}). 감소를 적용하거나 Space를 눌러 계속하세요.</translation>
    </message>
    <message>
        <source>The current run is not an attached training: nothing to stop.</source>
        <translation>현재 실행은 연결된 학습이 아니어서 중지할 것이 없습니다.</translation>
    </message>
    <message>
        <source>{0} is not for an attached training: it trains in its own script, and {1}.</source>
        <translation>{0}: 연결된 학습에는 쓸 수 없습니다. 학습은 자체 스크립트에서 진행되고, {1}.</translation>
    </message>
</context>
<context>
    <name>AutosaveWarning</name>
    <message>
        <source>Autosave failed</source>
        <translation>자동 저장 실패</translation>
    </message>
</context>
<context>
    <name>BandMeter</name>
    <message>
        <source> epochs</source>
        <translation> 에포크</translation>
    </message>
    <message>
        <source>The band is the standard deviation of the per-step loss over this many trailing whole epochs.</source>
        <translation>흔들림 폭은 최근 이 개수만큼의 온전한 에포크 동안 스텝별 손실의 표준편차입니다.</translation>
    </message>
    <message>
        <source>band: n/a</source>
        <translation>흔들림 폭: 없음</translation>
    </message>
    <message>
        <source>How widely the mini-batch loss wanders: a fixed rate keeps it wide, a decay narrows it. Compared with the same window before the last decay, or with the run a fork was made from.</source>
        <translation>미니배치 손실이 얼마나 넓게 흔들리는지: 고정 학습률에서는 넓게 남고, 학습률 감소는 좁힙니다. 마지막 감소 전의 같은 구간, 또는 분기의 원본 실행과 비교합니다.</translation>
    </message>
    <message>
        <source>Band over the last</source>
        <translation>최근 구간의 흔들림 폭</translation>
    </message>
    <message>
        <source>band {0}</source>
        <translation>흔들림 폭 {0}</translation>
    </message>
    <message>
        <source>band {0}: narrowed {1}</source>
        <translation>흔들림 폭 {0}: {1} 좁아짐</translation>
    </message>
    <message>
        <source>band {0}: widened {1}</source>
        <translation>흔들림 폭 {0}: {1} 넓어짐</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Restart the trainer</source>
        <translation>트레이너 다시 시작</translation>
    </message>
    <message>
        <source>Start a new trainer process with every run as it was recorded; the current run goes on from its last step</source>
        <translation>기록된 그대로의 모든 실행으로 새 트레이너 프로세스를 시작합니다. 현재 실행은 마지막 스텝부터 이어집니다</translation>
    </message>
    <message>
        <source>The trainer stopped: its process ended unexpectedly. Every run is kept as far as it was recorded. Restart the trainer to go on from there (or save the runs).</source>
        <translation>트레이너가 멈췄습니다: 프로세스가 예기치 않게 종료되었습니다. 모든 실행은 기록된 곳까지 남아 있습니다. 트레이너를 다시 시작하면 거기서부터 이어집니다(또는 실행을 저장하세요).</translation>
    </message>
    <message>
        <source>Training diverged at step {step} (epoch {epoch}): the loss is no longer finite. The curve up to there is kept and can be exported. Try a lower α0 than {lr} and Reset.</source>
        <translation>스텝 {step}(에포크 {epoch})에서 학습이 발산했습니다: 손실이 더 이상 유한한 값이 아닙니다. 그때까지의 곡선은 남아 있고 내보낼 수 있습니다. {lr}보다 낮은 α0로 바꾸고 초기화하세요.</translation>
    </message>
</context>
<context>
    <name>ChangedOnDisk</name>
    <message>
        <source>The file changed on disk</source>
        <translation>디스크의 파일이 바뀌었습니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; was changed on disk since this window opened or saved it (by another window or program).</source>
        <translation>이 창이 &apos;{0}&apos; 파일을 열거나 저장한 뒤에 디스크에서 파일이 바뀌었습니다(다른 창이나 프로그램이 바꿈).</translation>
    </message>
    <message>
        <source>Overwrite it with the runs of this window, or save them under another name?</source>
        <translation>이 창의 실행들로 덮어쓸까요, 아니면 다른 이름으로 저장할까요?</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>덮어쓰기</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>forked from</source>
        <translation>분기 원본</translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation>분기 에포크</translation>
    </message>
    <message>
        <source>val loss, last 10</source>
        <translation>검증 손실, 최근 10</translation>
    </message>
    <message>
        <source>band, last 10</source>
        <translation>흔들림 폭, 최근 10</translation>
    </message>
    <message>
        <source>final val loss</source>
        <translation>최종 검증 손실</translation>
    </message>
    <message>
        <source>final train loss</source>
        <translation>최종 훈련 손실</translation>
    </message>
    <message>
        <source>best val loss (epoch)</source>
        <translation>최저 검증 손실 (에포크)</translation>
    </message>
    <message>
        <source>Band: the standard deviation of the mini-batch loss over the last 10 epochs: how widely a run wanders. In brackets: a fork&apos;s change against the run it was forked from, over the same epochs.</source>
        <translation>흔들림 폭: 최근 10 에포크 동안 미니배치 손실의 표준편차로, 실행이 얼마나 넓게 흔들리는지를 나타냅니다. 괄호 안: 분기한 실행이 원본 실행에 비해 같은 에포크 동안 얼마나 달라졌는지.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Write this table as CSV</source>
        <translation>이 표를 CSV로 저장합니다</translation>
    </message>
    <message>
        <source>Fork a run (Ctrl+F) to compare a decay with the fixed rate.</source>
        <translation>실행을 분기하면(Ctrl+F) 학습률 감소를 고정 학습률과 비교할 수 있습니다.</translation>
    </message>
    <message>
        <source>the fork</source>
        <translation>분기</translation>
    </message>
    <message>
        <source>{what} cannot be compared with {parent} (a loss is not finite, or {parent} is shorter)</source>
        <translation>{what}: {parent} 실행과 비교할 수 없습니다(손실이 유한한 값이 아니거나 {parent} 실행이 더 짧음)</translation>
    </message>
    <message>
        <source>{what} lowered the validation loss by {val} and narrowed the band by {band} (last {n} epochs, against {parent})</source>
        <translation>{what}: 검증 손실을 {val} 낮추고 흔들림 폭을 {band} 줄였습니다(최근 {n} 에포크, {parent} 대비)</translation>
    </message>
    <message>
        <source>{what} lowered the validation loss by {val} and widened the band by {band} (last {n} epochs, against {parent})</source>
        <translation>{what}: 검증 손실을 {val} 낮추고 흔들림 폭을 {band} 넓혔습니다(최근 {n} 에포크, {parent} 대비)</translation>
    </message>
    <message>
        <source>{what} raised the validation loss by {val} and narrowed the band by {band} (last {n} epochs, against {parent})</source>
        <translation>{what}: 검증 손실을 {val} 높이고 흔들림 폭을 {band} 줄였습니다(최근 {n} 에포크, {parent} 대비)</translation>
    </message>
    <message>
        <source>{what} raised the validation loss by {val} and widened the band by {band} (last {n} epochs, against {parent})</source>
        <translation>{what}: 검증 손실을 {val} 높이고 흔들림 폭을 {band} 넓혔습니다(최근 {n} 에포크, {parent} 대비)</translation>
    </message>
</context>
<context>
    <name>DecayPanel</name>
    <message>
        <source>Decay</source>
        <translation>학습률 감소</translation>
    </message>
    <message>
        <source>Schedule to apply, re-anchored at the current rate.</source>
        <translation>적용할 스케줄. 현재 학습률을 기준으로 다시 시작합니다.</translation>
    </message>
    <message>
        <source>Apply decay</source>
        <translation>감소 적용</translation>
    </message>
    <message>
        <source>Apply this schedule at the next step (Ctrl+D). The dotted grey line previews it.</source>
        <translation>다음 스텝부터 이 스케줄을 적용합니다(Ctrl+D). 회색 점선이 미리 보여 줍니다.</translation>
    </message>
    <message>
        <source>Factor for &apos;Decay now&apos; (0 &lt; F &lt;= 1)</source>
        <translation>&apos;지금 감소&apos;의 배율 (0 &lt; F &lt;= 1)</translation>
    </message>
    <message>
        <source>Decay now ×{0}</source>
        <translation>지금 감소 ×{0}</translation>
    </message>
    <message>
        <source>Multiply the rate by F at once (D)</source>
        <translation>학습률에 곧바로 F를 곱합니다 (D)</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <source>(t = epochs since applied, fractional)</source>
        <translation>(t = 적용 후 지난 에포크, 소수 포함)</translation>
    </message>
    <message>
        <source>(t = epochs since applied)</source>
        <translation>(t = 적용 후 지난 에포크)</translation>
    </message>
</context>
<context>
    <name>EventMarkers</name>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Plot as PNG image</source>
        <translation>그래프를 PNG 이미지로</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Plot as SVG drawing</source>
        <translation>그래프를 SVG 그림으로</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 그림 (*.svg)</translation>
    </message>
    <message>
        <source>Per-step data as CSV</source>
        <translation>스텝별 데이터를 CSV로</translation>
    </message>
    <message>
        <source>Per-epoch data as CSV</source>
        <translation>에포크별 데이터를 CSV로</translation>
    </message>
    <message>
        <source>Event log as CSV</source>
        <translation>이벤트 기록을 CSV로</translation>
    </message>
    <message>
        <source>Comparison table as CSV</source>
        <translation>비교 표를 CSV로</translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation>스냅샷 내보내기</translation>
    </message>
    <message>
        <source>Picture size in pixels (200–8000 wide, 150–8000 high)</source>
        <translation>그림 크기(픽셀): 너비 200–8000, 높이 150–8000</translation>
    </message>
    <message>
        <source>export</source>
        <translation>내보낼 것</translation>
    </message>
    <message>
        <source>width</source>
        <translation>너비</translation>
    </message>
    <message>
        <source>height</source>
        <translation>높이</translation>
    </message>
    <message>
        <source>Use the window&apos;s colours</source>
        <translation>창의 색 사용</translation>
    </message>
    <message>
        <source>Draw the picture as the window shows it (dark with the dark theme). Off: a light background, for printing and slides. Also used by Copy plot image.</source>
        <translation>그림을 창에 보이는 그대로 그립니다(어두운 테마에서는 어둡게). 끄면 인쇄와 슬라이드에 맞는 밝은 배경으로 그립니다. 그래프 이미지 복사에도 쓰입니다.</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>There is no run to export yet.</source>
        <translation>아직 내보낼 실행이 없습니다.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be written: {why}</source>
        <translation>&apos;{path}&apos;에 쓸 수 없습니다: {why}</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>내보냄: {0}</translation>
    </message>
    <message>
        <source>Plot image copied to the clipboard</source>
        <translation>그래프 이미지를 클립보드에 복사했습니다</translation>
    </message>
</context>
<context>
    <name>ForkAction</name>
    <message>
        <source>What should the fork do at epoch {x}? A schedule (step:factor=0.1,every=20, exponential:gamma=0.95, ...), decay=F, lr=V or optimizer=SPEC:</source>
        <translation>에포크 {x}에서 분기한 실행이 할 동작은? 스케줄(step:factor=0.1,every=20, exponential:gamma=0.95, ...), decay=F, lr=V 또는 optimizer=SPEC:</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>여기서 분기</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Link Axis:</source>
        <translation>축 연결:</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>직접 지정</translation>
    </message>
    <message>
        <source>Invert Axis</source>
        <translation>축 뒤집기</translation>
    </message>
    <message>
        <source>Mouse Enabled</source>
        <translation>마우스 사용</translation>
    </message>
    <message>
        <source>Visible Data Only</source>
        <translation>보이는 데이터만</translation>
    </message>
    <message>
        <source>Auto Pan Only</source>
        <translation>자동 이동만</translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <source>The three-step procedure   (Ctrl+G hides this guide)</source>
        <translation>세 단계 절차   (Ctrl+G로 이 안내를 숨깁니다)</translation>
    </message>
    <message>
        <source>Apply suggested decay</source>
        <translation>제안된 감소 적용</translation>
    </message>
    <message>
        <source>Apply step decay ×0.1 every 20 epochs from now</source>
        <translation>지금부터 20 에포크마다 ×0.1 계단식 감소(step decay)를 적용합니다</translation>
    </message>
    <message>
        <source>Fork here and compare</source>
        <translation>여기서 분기해 비교</translation>
    </message>
    <message>
        <source>Apply the suggested decay in a copy of this run (a fork) and let the fixed-rate run go on beside it: the two futures side by side</source>
        <translation>이 실행의 복사본(분기)에 제안된 감소를 적용하고, 고정 학습률 실행은 그 옆에서 계속 진행합니다: 두 가지 미래를 나란히 봅니다</translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Run without decay: start with a constant rate and watch the loss.</source>
        <translation>&lt;b&gt;{mark}&lt;/b&gt; 감소 없이 학습: 고정된 학습률로 시작하고 손실을 지켜보세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: the run diverged, so there is no plateau to find. Lower α0 and Reset.</source>
        <translation>&lt;b&gt;2&lt;/b&gt; 살펴보기: 실행이 발산해서 찾을 정체 구간이 없습니다. α0를 낮추고 초기화하세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: the loss is far above where it started ({last} against {start}, more than {ratio}×): the rate is too high, and a decay schedule is not what it needs. Lower α0 and Reset.</source>
        <translation>&lt;b&gt;2&lt;/b&gt; 살펴보기: 손실이 시작할 때보다 훨씬 높습니다({start}에 비해 {last}, {ratio}배 이상): 학습률이 너무 높은 것이고, 필요한 것은 감소 스케줄이 아닙니다. α0를 낮추고 초기화하세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Inspect: the validation loss has not improved by more than {threshold} for {patience} epochs (best {best}, at the end of epoch {epoch}): it stopped improving, it only wanders. Time to decay.</source>
        <translation>&lt;b&gt;{mark}&lt;/b&gt; 살펴보기: 검증 손실이 {patience} 에포크 동안 {threshold}보다 많이 나아지지 않았습니다(최저 {best}, 에포크 {epoch}의 끝): 손실이 더 나아지지 않고 흔들리기만 합니다. 학습률을 감소할 때입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: waiting for the loss to stop improving (patience {patience} epochs, threshold {threshold}).</source>
        <translation>&lt;b&gt;2&lt;/b&gt; 살펴보기: 손실이 더 나아지지 않을 때를 기다리는 중입니다(인내 {patience} 에포크, 기준 {threshold}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Decay applied at epoch {epoch} ({label}).</source>
        <translation>&lt;b&gt;{mark}&lt;/b&gt; 에포크 {epoch}에서 감소를 적용했습니다 ({label}).</translation>
    </message>
    <message>
        <source>That was before the loss stopped improving (it was still improving): an early decay slows the progress it was still making.</source>
        <translation>손실이 아직 나아지던 때였습니다: 너무 이른 감소는 아직 이루던 진전을 늦춥니다.</translation>
    </message>
    <message numerus="yes">
        <source>That was before the loss stopped improving (only %n epoch(s) without improvement): an early decay slows the progress it was still making.</source>
        <translation>
            <numerusform>손실이 더 나아지지 않기 전이었습니다(개선 없는 에포크가 %n개뿐): 너무 이른 감소는 아직 이루던 진전을 늦춥니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The loss had not improved for %n epoch(s): you saw the stall sooner than the detector (patience {patience}) did.</source>
        <translation>
            <numerusform>손실이 %n 에포크 동안 나아지지 않았습니다: 감지기(인내 {patience})보다 먼저 정체를 알아챘습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing changes on the plot until epoch {epoch}: this schedule keeps the rate until its first drop.</source>
        <translation>에포크 {epoch}까지는 그래프에 변화가 없습니다: 이 스케줄은 첫 감소까지 학습률을 유지합니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: not yet. First find a rate at which the loss goes down.</source>
        <translation>&lt;b&gt;3&lt;/b&gt; 감소 적용: 아직 아닙니다. 먼저 손실이 내려가는 학습률을 찾으세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: suggested now: step decay ×0.1 every 20 epochs. Apply it here, or fork here and compare it with the fixed rate, or go on without it (Space).</source>
        <translation>&lt;b&gt;3&lt;/b&gt; 감소 적용: 지금 제안합니다: 20 에포크마다 ×0.1 계단식 감소. 여기서 적용하거나, 여기서 분기해 고정 학습률과 비교하거나, 감소 없이 계속하세요(Space).</translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: once the loss has flattened.</source>
        <translation>&lt;b&gt;3&lt;/b&gt; 감소 적용: 손실 곡선이 평평해지면.</translation>
    </message>
    <message numerus="yes">
        <source>Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold {threshold} (relative); %n epoch(s) without improvement.</source>
        <translation>
            <numerusform>정체 감지기: 검증 손실에 ReduceLROnPlateau 규칙, 인내 {patience}, 기준 {threshold}(상대값); 개선 없는 에포크 %n개.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>The three-step &amp;procedure</source>
        <translation>세 단계 절차(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About lrmonitor</source>
        <translation>lrmonitor 정보(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>lrmonitor could not start again. Start it yourself: it offers to restore your runs.</source>
        <translation>lrmonitor를 다시 시작하지 못했습니다. 직접 시작하세요: 실행들을 복원할지 물어봅니다.</translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation>언어 바꾸기</translation>
    </message>
    <message>
        <source>The new language applies when lrmonitor starts again.</source>
        <translation>새 언어는 lrmonitor를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Restart now? Your runs are kept: a saved session opens again, and unsaved runs are restored.</source>
        <translation>지금 다시 시작할까요? 실행은 그대로 남습니다: 저장된 세션은 다시 열리고, 저장하지 않은 실행은 복원됩니다.</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>지금 다시 시작</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Licences</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>The licences of the software this copy of lrmonitor contains, as written when it was built: {file}</source>
        <translation>이 lrmonitor에 포함된 소프트웨어의 라이선스입니다. 빌드할 때 작성된 파일: {file}</translation>
    </message>
    <message>
        <source>The licences of the software lrmonitor runs on, read from the packages installed in this Python environment.</source>
        <translation>lrmonitor가 사용하는 소프트웨어의 라이선스입니다. 이 Python 환경에 설치된 패키지에서 읽었습니다.</translation>
    </message>
</context>
<context>
    <name>LiveRates</name>
    <message>
        <source>Cannot train the rates: %1</source>
        <translation>학습률들을 학습할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Training %1 rates side by side.</source>
        <translation>학습률 %1개를 나란히 학습합니다.</translation>
    </message>
    <message>
        <source>The rates have finished: their verdicts are final.</source>
        <translation>모든 학습률의 학습이 끝났습니다. 판정이 확정되었습니다.</translation>
    </message>
    <message>
        <source>the worker did not start</source>
        <translation>작업 프로세스가 시작되지 않았습니다</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This run is an attached training: its setup is in its own script. Steer its rate with the decay panel.</source>
        <translation>이 실행은 연결된 학습입니다. 설정은 학습 스크립트에 있습니다. 학습률은 감소 패널로 조절하세요.</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>복원할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>세션 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation>세션 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation>다른 이름으로 세션 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>A&amp;ttach a training…</source>
        <translation>학습 연결하기(&amp;T)…</translation>
    </message>
    <message>
        <source>Watch and steer your own PyTorch training here (lrmonitor.attach.Monitor)</source>
        <translation>직접 작성한 PyTorch 학습을 여기서 지켜보고 조절합니다 (lrmonitor.attach.Monitor)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;as</source>
        <translation>형식별 내보내기(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Copy plot image</source>
        <translation>그래프 이미지 복사(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>삭제 되돌리기(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Delete run</source>
        <translation>실행 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation>시작 / 일시정지</translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation>한 에포크 진행</translation>
    </message>
    <message>
        <source>Reset (keep this run)</source>
        <translation>초기화 (이 실행은 남김)</translation>
    </message>
    <message>
        <source>Apply decay</source>
        <translation>감소 적용</translation>
    </message>
    <message>
        <source>Decay now</source>
        <translation>지금 감소</translation>
    </message>
    <message>
        <source>Fork here with the decay panel&apos;s schedule</source>
        <translation>감소 패널의 스케줄로 여기서 분기</translation>
    </message>
    <message>
        <source>Train 50 more epochs</source>
        <translation>50 에포크 더 학습</translation>
    </message>
    <message>
        <source>Stop the attached training</source>
        <translation>연결된 학습 중지</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Log-scale loss</source>
        <translation>손실 로그 축</translation>
    </message>
    <message>
        <source>Autoscale</source>
        <translation>자동 맞춤</translation>
    </message>
    <message>
        <source>Show the guide</source>
        <translation>안내 보이기</translation>
    </message>
    <message>
        <source>Show the %1 tab</source>
        <translation>%1 탭 보기</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템 설정</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>시스템 설정(&amp;S)</translation>
    </message>
    <message>
        <source>Follow the desktop&apos;s light or dark colour scheme</source>
        <translation>데스크톱의 밝은 또는 어두운 색 구성을 따릅니다</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>밝게(&amp;L)</translation>
    </message>
    <message>
        <source>Dark text on light backgrounds, whatever the desktop uses</source>
        <translation>데스크톱 설정과 관계없이 밝은 배경에 어두운 글자로 표시합니다</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>어둡게(&amp;D)</translation>
    </message>
    <message>
        <source>Light text on dark backgrounds, whatever the desktop uses</source>
        <translation>데스크톱 설정과 관계없이 어두운 배경에 밝은 글자로 표시합니다</translation>
    </message>
</context>
<context>
    <name>NumberBox</name>
    <message>
        <source>&apos;{text}&apos; is not a number; the field keeps {kept}.</source>
        <translation>&apos;{text}&apos;: 숫자가 아닙니다. 입력란은 {kept} 값을 유지합니다.</translation>
    </message>
    <message>
        <source>{text} is out of range ({range}); the field keeps {kept}.</source>
        <translation>{text}: 허용 범위({range}) 밖의 값입니다. 입력란은 {kept} 값을 유지합니다.</translation>
    </message>
    <message>
        <source>{0} to {1}</source>
        <translation>{0}부터 {1}까지</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>{help}
Allowed: {range}. Default: {default}.</source>
        <translation>{help}
허용 범위: {range}. 기본값: {default}.</translation>
    </message>
</context>
<context>
    <name>ProcedureDialog</name>
    <message>
        <source>The three-step procedure</source>
        <translation>세 단계 절차</translation>
    </message>
    <message>
        <source>The procedure</source>
        <translation>절차</translation>
    </message>
    <message>
        <source>&lt;p&gt;lrmonitor trains a small model with noisy mini-batch gradient descent, so that you can learn &lt;b&gt;when and how to decay the learning rate&lt;/b&gt;:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Train without decay&lt;/b&gt;: start with a constant rate α0 and watch the loss.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Inspect the loss curve&lt;/b&gt;: find where it stops improving and only wanders. The plateau detector (ReduceLROnPlateau&apos;s rule on the validation loss, patience 10 epochs) shades that part of the plot and, by default, pauses the run there.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Apply a decay&lt;/b&gt; there and see its effect. &lt;i&gt;Fork here and compare&lt;/i&gt; applies it in a copy of the run (same weights, same mini-batches) while the fixed-rate run goes on beside it, so any difference between the two is the decay&apos;s.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The guide above the plots follows these steps as you go (Ctrl+G shows or hides it).&lt;/p&gt;</source>
        <translation>&lt;p&gt;lrmonitor는 노이즈가 있는 미니배치 경사 하강법(mini-batch gradient descent)으로 작은 모델을 학습시킵니다. 이것을 보면서 &lt;b&gt;학습률을 언제, 어떻게 감소시킬지&lt;/b&gt; 배웁니다:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;감소 없이 학습&lt;/b&gt;: 고정된 학습률 α0로 시작하고 손실을 지켜보세요.&lt;/li&gt;&lt;li&gt;&lt;b&gt;손실 곡선 살펴보기&lt;/b&gt;: 손실이 더 나아지지 않고 흔들리기만 하는 곳을 찾으세요. 정체 감지기(검증 손실에 적용하는 ReduceLROnPlateau의 규칙, 인내 10 에포크)가 그래프의 그 부분을 음영으로 표시하고, 기본 설정에서는 그곳에서 실행을 일시정지합니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;감소 적용&lt;/b&gt;: 그곳에서 학습률 감소를 적용하고 효과를 확인하세요. &lt;i&gt;여기서 분기해 비교&lt;/i&gt;는 실행의 복사본(같은 가중치, 같은 미니배치)에 감소를 적용하고, 고정 학습률 실행은 그 옆에서 계속 진행합니다. 그래서 두 실행의 차이는 모두 감소 때문에 생긴 것입니다.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;그래프 위의 안내는 여러분이 진행하는 대로 이 단계들을 따라갑니다(Ctrl+G로 보이거나 숨깁니다).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What the curves are</source>
        <translation>곡선이 나타내는 것</translation>
    </message>
    <message>
        <source>&lt;ul&gt;&lt;li&gt;&lt;b&gt;Mini-batch loss&lt;/b&gt; (faint, in the run&apos;s colour): the loss on each step&apos;s mini-batch, a small random sample of the training data. It jumps from step to step even when training goes well.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Smoothed&lt;/b&gt; (the run&apos;s colour): the same loss averaged over recent steps (an exponential moving average, as in TensorBoard; the &lt;i&gt;smoothing&lt;/i&gt; slider under the plots sets how much). Read the trend from this line.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train loss&lt;/b&gt; (circles): the loss on the whole training set at the end of each epoch.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Validation loss&lt;/b&gt; (triangles): the loss on held-out data the model never trains on, at the end of each epoch: how well it does on new data. The plateau detector and the comparison watch this one.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Learning rate&lt;/b&gt; (lower plot, logarithmic axis): the rate α of each step. Dashed in the run&apos;s colour: what the running schedule will do next; dotted grey: what the Decay panel&apos;s schedule would do if applied now.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;A dashed vertical line marks each event (a decay, a change of rate or optimizer), a red one the step where a run diverged. Other runs you tick in the runs list are drawn beside the current one, each in its colour.&lt;/p&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;&lt;b&gt;미니배치 손실&lt;/b&gt;(실행의 색, 흐린 선): 각 스텝의 미니배치, 곧 훈련 데이터에서 무작위로 뽑은 작은 표본에 대한 손실입니다. 학습이 잘 되고 있을 때도 스텝마다 오르내립니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;스무딩&lt;/b&gt;(실행의 색): 같은 손실을 최근 스텝들에 걸쳐 평균한 선입니다(TensorBoard와 같은 지수 이동 평균이며, 그래프 아래의 &lt;i&gt;스무딩&lt;/i&gt; 슬라이더로 그 정도를 정합니다). 추세는 이 선에서 읽으세요.&lt;/li&gt;&lt;li&gt;&lt;b&gt;훈련 손실&lt;/b&gt;(원): 각 에포크가 끝날 때 훈련 데이터 전체에 대해 잰 손실입니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;검증 손실&lt;/b&gt;(삼각형): 모델이 학습에 한 번도 쓰지 않는, 따로 떼어 둔 데이터에 대한 손실로 각 에포크가 끝날 때 잽니다. 모델이 새 데이터에서 얼마나 잘하는지 보여 줍니다. 정체 감지기와 비교 표는 이 손실을 봅니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;학습률&lt;/b&gt;(아래 그래프, 로그 축): 각 스텝의 학습률 α입니다. 실행의 색으로 된 파선은 실행 중인 스케줄이 앞으로 할 일이고, 회색 점선은 감소 패널의 스케줄을 지금 적용하면 일어날 일입니다.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;세로 파선은 각 이벤트(학습률 감소, 학습률이나 옵티마이저의 변경)를 표시하고, 빨간 세로선은 실행이 발산한 스텝을 표시합니다. 실행 목록에서 체크한 다른 실행들은 현재 실행과 함께 각자의 색으로 그려집니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Why a fixed rate wanders</source>
        <translation>고정 학습률에서 손실이 흔들리는 이유</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each step moves the weights by α times the gradient of one mini-batch, and a mini-batch&apos;s gradient is the true gradient plus noise. Far from the minimum the true gradient is large and the loss falls. Near the minimum the true gradient is small but the noise is not: with a fixed α the weights keep being pushed around the minimum, never into it. The loss stops improving and wanders in a band, and a larger α makes the band wider.&lt;/p&gt;</source>
        <translation>&lt;p&gt;각 스텝은 가중치를 미니배치 하나의 그래디언트에 α를 곱한 만큼 움직입니다. 그런데 미니배치의 그래디언트는 참 그래디언트에 노이즈가 더해진 것입니다. 최솟값(minimum)에서 멀리 있을 때는 참 그래디언트가 커서 손실이 내려갑니다. 최솟값 가까이에서는 참 그래디언트가 작아지지만 노이즈는 작아지지 않습니다. 그래서 α가 고정되어 있으면 가중치는 최솟값 주변을 계속 떠밀려 돌아다닐 뿐, 최솟값에 수렴하지 못합니다. 손실은 더 나아지지 않고 일정한 폭 안에서 흔들리며, α가 클수록 흔들림 폭이 넓어집니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What decay does</source>
        <translation>학습률 감소가 하는 일</translation>
    </message>
    <message>
        <source>&lt;p&gt;Lowering α shrinks those pushes: the band narrows and the loss settles lower, closer to the minimum. Decay too early and you slow down progress the run was still making; that is why you first train without decay and decay where the loss has flattened.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Apply decay&lt;/i&gt; (Ctrl+D) starts the Decay panel&apos;s schedule from the current rate; &lt;i&gt;Decay now ×F&lt;/i&gt; (D) multiplies the rate at once. A step decay keeps the rate until its first drop (×0.1 every 20 epochs: nothing changes for 20 epochs). Compare the fork with its fixed-rate parent: the fork&apos;s curve should end lower and flatter.&lt;/p&gt;</source>
        <translation>&lt;p&gt;α를 낮추면 그렇게 떠미는 움직임이 작아집니다. 흔들림 폭이 좁아지고, 손실은 최솟값에 더 가까운 낮은 곳에 자리 잡습니다. 하지만 너무 일찍 감소시키면 아직 잘 나아가던 학습을 늦추게 됩니다. 그래서 먼저 감소 없이 학습하고, 손실 곡선이 평평해진 곳에서 감소시키는 것입니다.&lt;/p&gt;&lt;p&gt;&lt;i&gt;감소 적용&lt;/i&gt;(Ctrl+D)은 감소 패널의 스케줄을 현재 학습률에서부터 시작합니다. &lt;i&gt;지금 감소 ×F&lt;/i&gt;(D)는 학습률에 바로 F를 곱합니다. 계단식 감소(step decay)는 첫 감소 때까지 학습률을 그대로 둡니다(20 에포크마다 ×0.1이면 처음 20 에포크 동안은 아무것도 바뀌지 않습니다). 분기한 실행을 고정 학습률로 계속된 원본 실행과 비교하세요. 분기한 실행의 곡선이 더 낮고 평평하게 끝나야 합니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How to read the band</source>
        <translation>흔들림 폭 읽는 법</translation>
    </message>
    <message>
        <source>&lt;p&gt;The &lt;b&gt;band&lt;/b&gt; is how widely a run wanders: the standard deviation of the mini-batch loss over the last epochs (10 in the comparison table). A fixed rate keeps it wide; a decay that works narrows it. When the rate is lowered, the band usually narrows a lot while the smoothed loss drops a little: both are the decay&apos;s effect.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;흔들림 폭&lt;/b&gt;은 실행의 손실이 얼마나 넓게 흔들리는지를 나타냅니다. 최근 몇 에포크(비교 표에서는 10 에포크) 동안의 미니배치 손실의 표준편차입니다. 고정 학습률에서는 폭이 넓게 유지되고, 효과가 있는 감소는 폭을 좁힙니다. 학습률을 낮추면 보통 흔들림 폭은 크게 좁아지고 스무딩한 손실은 조금 내려갑니다. 둘 다 감소의 효과입니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How to read the comparison table</source>
        <translation>비교 표 읽는 법</translation>
    </message>
    <message>
        <source>&lt;p&gt;One row per run; a fork is compared with the run it was forked from, over the same epochs.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;run&lt;/b&gt;, &lt;b&gt;forked from&lt;/b&gt;, &lt;b&gt;at epoch&lt;/b&gt;: which run, and for a fork where it began.&lt;/li&gt;&lt;li&gt;&lt;b&gt;val loss, last 10&lt;/b&gt;: the mean validation loss over the last 10 epochs (steadier than the last value).&lt;/li&gt;&lt;li&gt;&lt;b&gt;band, last 10&lt;/b&gt;: the band over the last 10 epochs.&lt;/li&gt;&lt;li&gt;&lt;b&gt;final val loss&lt;/b&gt;, &lt;b&gt;final train loss&lt;/b&gt;: at the last completed epoch.&lt;/li&gt;&lt;li&gt;&lt;b&gt;best val loss (epoch)&lt;/b&gt;: the lowest validation loss and when it was reached.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;For a fork each number has its change against the parent in brackets (−58 % is lower), and under the table one sentence says what the decay did. &lt;i&gt;Export CSV…&lt;/i&gt; writes the same table.&lt;/p&gt;</source>
        <translation>&lt;p&gt;실행마다 한 행입니다. 분기한 실행은 분기해 나온 원본 실행과 같은 에포크 구간에서 비교합니다.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;실행&lt;/b&gt;, &lt;b&gt;분기 원본&lt;/b&gt;, &lt;b&gt;분기 에포크&lt;/b&gt;: 어느 실행인지, 그리고 분기한 실행이면 어디서 갈라져 나왔는지입니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;검증 손실, 최근 10&lt;/b&gt;: 최근 10 에포크 동안의 검증 손실 평균입니다(마지막 값 하나보다 안정적입니다).&lt;/li&gt;&lt;li&gt;&lt;b&gt;흔들림 폭, 최근 10&lt;/b&gt;: 최근 10 에포크 동안의 흔들림 폭입니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;최종 검증 손실&lt;/b&gt;, &lt;b&gt;최종 훈련 손실&lt;/b&gt;: 마지막으로 끝난 에포크의 값입니다.&lt;/li&gt;&lt;li&gt;&lt;b&gt;최저 검증 손실 (에포크)&lt;/b&gt;: 가장 낮았던 검증 손실과 그 값에 이른 에포크입니다.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;분기한 실행은 숫자마다 괄호 안에 원본 실행에 대한 변화가 붙습니다(−58 %는 더 낮다는 뜻입니다). 표 아래의 한 문장은 감소가 무엇을 했는지 알려 줍니다. &lt;i&gt;CSV 내보내기…&lt;/i&gt;는 같은 표를 파일로 저장합니다.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>RangeTestPage</name>
    <message>
        <source>The rate of the first step (&gt; 0)</source>
        <translation>첫 스텝의 학습률 (&gt; 0)</translation>
    </message>
    <message>
        <source>The rate of the last step (&gt; the first); the rate grows exponentially</source>
        <translation>마지막 스텝의 학습률 (&gt; 첫 학습률). 학습률은 지수적으로 커집니다</translation>
    </message>
    <message>
        <source>Mini-batch steps of the test; it stops earlier once the smoothed loss exceeds 4× its best</source>
        <translation>테스트의 미니배치 스텝 수. 스무딩한 손실이 최저값의 4배를 넘으면 더 일찍 멈춥니다</translation>
    </message>
    <message>
        <source>Run the range test</source>
        <translation>범위 테스트 실행</translation>
    </message>
    <message>
        <source>One short run of the setup whose rate grows from the first to the last value (Smith 2015; fastai&apos;s lr_find)</source>
        <translation>학습률을 처음 값에서 마지막 값까지 키우며 현재 설정으로 짧게 한 번 학습합니다 (Smith 2015; fastai의 lr_find)</translation>
    </message>
    <message>
        <source>Press Run: one short run of the setup with a growing rate.</source>
        <translation>실행을 누르세요: 학습률을 키우며 현재 설정으로 짧게 한 번 학습합니다.</translation>
    </message>
    <message>
        <source>from</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>to</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>The setup has an error: fix it first (see the setup panel).</source>
        <translation>설정에 오류가 있습니다. 먼저 고치세요(설정 패널 참고).</translation>
    </message>
    <message>
        <source>from %1 / to %2: allowed are numbers, e.g. 1e-6 and 10</source>
        <translation>시작 %1 / 끝 %2: 숫자만 쓸 수 있습니다. 예: 1e-6, 10</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>실행 중…</translation>
    </message>
    <message>
        <source>stopped: the smoothed loss passed 4× its best</source>
        <translation>멈춤: 스무딩한 손실이 최저값의 4배를 넘었습니다</translation>
    </message>
    <message>
        <source>all steps done</source>
        <translation>모든 스텝 완료</translation>
    </message>
    <message>
        <source>%1 steps, %2. The dashed lines are hints, not answers.</source>
        <translation>%1 스텝, %2. 점선은 정답이 아니라 힌트입니다.</translation>
    </message>
    <message>
        <source>Running… step %1</source>
        <translation>실행 중… 스텝 %1</translation>
    </message>
</context>
<context>
    <name>RangeTestView</name>
    <message>
        <source>Hints, not answers: the steepest descent and the minimum / 10 move between seeds on a noisy curve. Pick a rate where the loss still falls clearly, then watch the run.</source>
        <translation>정답이 아니라 힌트입니다: 노이즈가 있는 곡선에서는 가장 가파른 하강 지점과 최솟값 / 10이 시드마다 달라집니다.&lt;br&gt;손실이 아직 분명히 내려가는 학습률을 고른 뒤 실행을 지켜보세요.</translation>
    </message>
    <message>
        <source>steepest</source>
        <translation>가장 가파른 곳</translation>
    </message>
    <message>
        <source>minimum / 10</source>
        <translation>최솟값 / 10</translation>
    </message>
    <message>
        <source>learning rate (log)</source>
        <translation>학습률 (로그)</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>미니배치 손실</translation>
    </message>
    <message>
        <source>Learning-rate range test</source>
        <translation>학습률 범위 테스트</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>스무딩</translation>
    </message>
    <message>
        <source>hint: {0}</source>
        <translation>힌트: {0}</translation>
    </message>
    <message>
        <source>Use this rate ({0})</source>
        <translation>이 학습률 쓰기 ({0})</translation>
    </message>
    <message>
        <source>current α0</source>
        <translation>현재 α0</translation>
    </message>
    <message>
        <source>Use this rate: {0} ({1}, a hint)</source>
        <translation>이 학습률 쓰기: {0} ({1}, 힌트)</translation>
    </message>
</context>
<context>
    <name>RatesView</name>
    <message>
        <source>too high</source>
        <translation>너무 높음</translation>
    </message>
    <message>
        <source>high</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>starting rates, e.g. 0.002, 0.02, 0.2, 2</source>
        <translation>시작 학습률들, 예: 0.002, 0.02, 0.2, 2</translation>
    </message>
    <message>
        <source>The starting rates to train side by side, separated by commas (each &gt; 0).</source>
        <translation>나란히 학습할 시작 학습률들. 쉼표로 구분합니다(각각 &gt; 0).</translation>
    </message>
    <message>
        <source>Train these rates</source>
        <translation>이 학습률들로 학습</translation>
    </message>
    <message>
        <source>Add to the runs</source>
        <translation>실행 목록에 추가</translation>
    </message>
    <message>
        <source>Copy these runs into the runs panel: compare them in the table, see their paths on the Surface tab, fork them</source>
        <translation>이 실행들을 실행 목록에 복사합니다. 표에서 비교하고, 손실 곡면 탭에서 경로를 보고, 분기할 수 있습니다</translation>
    </message>
    <message>
        <source>Rates:</source>
        <translation>학습률:</translation>
    </message>
    <message>
        <source>mini-batch loss (log)</source>
        <translation>미니배치 손실 (로그)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>The same run at several starting rates</source>
        <translation>여러 시작 학습률로 돌린 같은 실행</translation>
    </message>
    <message>
        <source>Verdicts are relative to the rates tried; hover here for the rule.</source>
        <translation>판정은 시도한 학습률들 사이의 비교입니다. 규칙은 여기에 마우스를 올려 보세요.</translation>
    </message>
    <message>
        <source>rates</source>
        <translation>학습률 목록</translation>
    </message>
    <message>
        <source>Verdicts relative to the rates tried; hover for the rule.</source>
        <translation>판정은 시도한 학습률들 사이의 비교입니다. 규칙은 마우스를 올려 보세요.</translation>
    </message>
    <message>
        <source>Verdicts relative to the rates tried (provisional: the runs are still training); hover for the rule.</source>
        <translation>판정은 시도한 학습률들 사이의 비교입니다(잠정: 아직 학습 중). 규칙은 마우스를 올려 보세요.</translation>
    </message>
    <message>
        <source>diverged at step {0}</source>
        <translation>스텝 {0}에서 발산</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>final training loss {0} is not below the first step&apos;s {1}</source>
        <translation>최종 훈련 손실({0})이 첫 스텝의 손실({1})보다 낮지 않음</translation>
    </message>
    <message>
        <source>lowest final validation loss of the sweep ({0})</source>
        <translation>시도한 학습률 중 가장 낮은 최종 검증 손실 ({0})</translation>
    </message>
    <message>
        <source>still falling: {0} % over the last epochs, a trend of {1} standard errors</source>
        <translation>아직 내려가는 중: 마지막 에포크들 동안 {0} %, 표준오차 {1}배의 추세</translation>
    </message>
    <message>
        <source>stalled: no significant trend at the end (t = {0}); final validation loss {1} against the best {2}</source>
        <translation>정체: 끝부분에 뚜렷한 추세가 없음(t = {0}); 최종 검증 손실 {1}, 최고는 {2}</translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>Move the mouse over the plots to read values.</source>
        <translation>그래프 위로 마우스를 움직이면 값을 읽을 수 있습니다.</translation>
    </message>
    <message>
        <source>No step under the mouse.</source>
        <translation>마우스 아래에 스텝이 없습니다.</translation>
    </message>
    <message>
        <source>step {step} (in epoch {epoch}, x = {x}) · loss {loss} · smoothed {smoothed} · lr {lr}</source>
        <translation>스텝 {step} (에포크 {epoch}, x = {x}) · 손실 {loss} · 스무딩 {smoothed} · 학습률 {lr}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Autosave failed: {why} ({path}). Until it works again, a crash would lose the runs since the last save: save them with File → Save As.</source>
        <translation>자동 저장 실패: {why} ({path}). 다시 될 때까지는 프로그램이 비정상 종료되면 마지막 저장 이후의 실행을 잃습니다: 파일 → 다른 이름으로 세션 저장으로 저장하세요.</translation>
    </message>
    <message numerus="yes">
        <source>(%n more after this one)</source>
        <translation>
            <numerusform>(이것 다음에 %n개 더)</numerusform>
        </translation>
    </message>
    <message>
        <source>A window was not closed normally: {what}, saved {when}. Restore it?</source>
        <translation>정상적으로 닫히지 않은 창이 있습니다: {what}, {when} 저장됨. 복원할까요?</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>방금</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n분 전</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n시간 전</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n일 전</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{problem}, {steps} steps, %n event(s)</source>
        <translation>
            <numerusform>{problem}, {steps} 스텝, 이벤트 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runs of {problems}, up to {steps} steps</source>
        <translation>
            <numerusform>{problems} 실행 %n개, 최대 {steps} 스텝</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplayProgress</name>
    <message>
        <source>Replaying {0} steps…</source>
        <translation>{0} 스텝을 다시 계산하는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>RestoreBar</name>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The run has ended: fork it, train it longer, or Reset (Ctrl+R) for a new one.</source>
        <translation>실행이 끝났습니다: 분기하거나, 더 학습하거나, 초기화(Ctrl+R)로 새 실행을 시작하세요.</translation>
    </message>
    <message>
        <source>The trainer stopped, so this run cannot train or take a decay: Restart the trainer (in the red banner) to go on from where it was recorded.</source>
        <translation>트레이너가 멈춰서 이 실행은 학습하거나 감소를 적용할 수 없습니다: (빨간 알림줄의) 트레이너 다시 시작을 누르면 기록된 곳부터 이어집니다.</translation>
    </message>
    <message>
        <source>Opening cancelled: the saved run was not replayed to its end.</source>
        <translation>열기 취소: 저장된 실행을 끝까지 다시 계산하지 않았습니다.</translation>
    </message>
    <message>
        <source>Cannot start the run</source>
        <translation>실행을 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot open the runs</source>
        <translation>실행을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation>한 에포크 진행</translation>
    </message>
    <message>
        <source>The suggested decay is already applied to this run.</source>
        <translation>제안된 감소가 이미 이 실행에 적용되어 있습니다.</translation>
    </message>
    <message>
        <source>The setup</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R).</source>
        <translation>문제, 배치 크기, 에포크, 시드, 노이즈는 초기화(Ctrl+R) 후에 적용됩니다.</translation>
    </message>
    <message>
        <source>Cannot add the runs</source>
        <translation>실행을 추가할 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot select the run</source>
        <translation>실행을 선택할 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot delete the run</source>
        <translation>실행을 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>Deleted {0} (Ctrl+Z brings it back).</source>
        <translation>{0} 삭제됨 (Ctrl+Z로 되돌립니다).</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>되돌릴 것이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot bring the run back</source>
        <translation>실행을 되돌릴 수 없습니다</translation>
    </message>
    <message>
        <source>Brought back {0}.</source>
        <translation>{0} 되돌림.</translation>
    </message>
    <message>
        <source>Cannot restart the trainer</source>
        <translation>트레이너를 다시 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>The training worker could not start: {0}</source>
        <translation>학습 작업 프로세스를 시작하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>The trainer stopped with an error: {0}</source>
        <translation>트레이너가 오류로 멈췄습니다: {0}</translation>
    </message>
    <message>
        <source>Paused: the validation loss stopped improving (best at epoch {0}). Apply a decay, fork here to compare, or press Space to go on.</source>
        <translation>일시정지: 검증 손실이 더 나아지지 않습니다(최저는 에포크 {0}). 감소를 적용하거나, 여기서 분기해 비교하거나, Space를 눌러 계속하세요.</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>0.5 epochs/s</source>
        <translation>초당 0.5 에포크</translation>
    </message>
    <message>
        <source>1 epoch/s</source>
        <translation>초당 1 에포크</translation>
    </message>
    <message>
        <source>3 epochs/s</source>
        <translation>초당 3 에포크</translation>
    </message>
    <message>
        <source>10 epochs/s</source>
        <translation>초당 10 에포크</translation>
    </message>
    <message>
        <source>30 epochs/s</source>
        <translation>초당 30 에포크</translation>
    </message>
    <message>
        <source>100 epochs/s</source>
        <translation>초당 100 에포크</translation>
    </message>
    <message>
        <source>300 epochs/s</source>
        <translation>초당 300 에포크</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>최대한 빠르게</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation>학습을 시작하거나 일시정지합니다 (Space)</translation>
    </message>
    <message>
        <source>Step epoch</source>
        <translation>한 에포크</translation>
    </message>
    <message>
        <source>Train to the end of the current epoch (Ctrl+Right)</source>
        <translation>현재 에포크의 끝까지 학습합니다 (Ctrl+→)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Start over with the setup above (Ctrl+R)</source>
        <translation>위의 설정으로 새로 시작합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Training pace in epochs per second (3: the default run takes about half a minute), or as fast as possible.</source>
        <translation>학습 속도(초당 에포크 수; 3이면 기본 실행이 30초쯤 걸립니다) 또는 최대한 빠르게.</translation>
    </message>
    <message>
        <source>pause when the loss stops improving</source>
        <translation>손실이 더 나아지지 않으면 일시정지</translation>
    </message>
    <message>
        <source>Pause the run when the plateau detector fires (the validation loss has not improved for 10 epochs), so you can decide: apply a decay, fork and compare, or go on (Space).</source>
        <translation>정체 감지기가 작동하면(검증 손실이 10 에포크 동안 나아지지 않으면) 실행을 일시정지합니다. 그때 감소를 적용할지, 분기해 비교할지, 계속할지(Space) 정하세요.</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>속도</translation>
    </message>
</context>
<context>
    <name>RunPlots</name>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>미니배치 손실</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>스무딩</translation>
    </message>
    <message>
        <source>train loss (epoch end)</source>
        <translation>훈련 손실 (에포크 끝)</translation>
    </message>
    <message>
        <source>validation loss (epoch end)</source>
        <translation>검증 손실 (에포크 끝)</translation>
    </message>
    <message>
        <source>rate ahead (running schedule)</source>
        <translation>앞으로의 학습률 (실행 중인 스케줄)</translation>
    </message>
    <message>
        <source>decay panel&apos;s schedule, if applied now</source>
        <translation>감소 패널의 스케줄 (지금 적용하면)</translation>
    </message>
    <message>
        <source>Fork here with the decay panel&apos;s schedule</source>
        <translation>감소 패널의 스케줄로 여기서 분기</translation>
    </message>
    <message>
        <source>Fork here with Decay now ×F</source>
        <translation>지금 감소 ×F로 여기서 분기</translation>
    </message>
    <message>
        <source>Fork here with an action…</source>
        <translation>동작을 정해 여기서 분기…</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Runs</source>
        <translation>실행 목록</translation>
    </message>
    <message>
        <source>run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>forked at</source>
        <translation>분기 지점</translation>
    </message>
    <message>
        <source>Every run you made. Click one to make it current; tick it to draw it; double-click a name to rename it.</source>
        <translation>지금까지 만든 모든 실행. 클릭하면 현재 실행이 되고, 체크하면 그래프에 그려지며, 이름을 더블클릭하면 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation>여기서 분기</translation>
    </message>
    <message>
        <source>A copy of the current run up to this step, with the decay panel&apos;s schedule applied; the original goes on without it (Ctrl+F)</source>
        <translation>현재 실행을 이 스텝까지 복사하고 감소 패널의 스케줄을 적용합니다. 원본은 감소 없이 계속됩니다 (Ctrl+F)</translation>
    </message>
    <message>
        <source>+{0} epochs</source>
        <translation>+{0} 에포크</translation>
    </message>
    <message>
        <source>Train a finished run {0} more epochs (Ctrl+Shift+Right); recorded in the run, so a replay reproduces it</source>
        <translation>끝난 실행을 {0} 에포크 더 학습합니다 (Ctrl+Shift+→). 실행에 기록되므로 다시 계산해도 똑같이 재현됩니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete the current run and its forks (Ctrl+Z brings them back)</source>
        <translation>현재 실행과 그 분기들을 삭제합니다 (Ctrl+Z로 되돌립니다)</translation>
    </message>
    <message>
        <source>An attached training cannot be forked: lrmonitor has what it reported, not its code or data</source>
        <translation>연결된 학습은 분기할 수 없습니다. lrmonitor에는 학습이 보고한 값만 있고, 코드나 데이터는 없습니다</translation>
    </message>
    <message>
        <source>an attached training (it cannot be replayed)</source>
        <translation>연결된 학습 (다시 계산할 수 없음)</translation>
    </message>
    <message>
        <source>a first run</source>
        <translation>첫 실행</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>에포크 {0}</translation>
    </message>
</context>
<context>
    <name>SaveQuestion</name>
    <message>
        <source>Save the run?</source>
        <translation>실행을 저장할까요?</translation>
    </message>
    <message>
        <source>The run has {0} steps that are not saved in a session file.</source>
        <translation>이 실행에는 세션 파일에 저장되지 않은 스텝이 {0}개 있습니다.</translation>
    </message>
    <message>
        <source>Save it before closing? (If you don&apos;t, it is gone.)</source>
        <translation>닫기 전에 저장할까요? (저장하지 않으면 사라집니다.)</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <source>lrmonitor session (*{0} *.json)</source>
        <translation>lrmonitor 세션 (*{0} *.json)</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>세션을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>lrmonitor session (*{0})</source>
        <translation>lrmonitor 세션 (*{0})</translation>
    </message>
    <message>
        <source>Cannot save session</source>
        <translation>세션을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be written: {why}</source>
        <translation>&apos;{path}&apos;에 쓸 수 없습니다: {why}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>저장함: {0}</translation>
    </message>
</context>
<context>
    <name>SetupPanel</name>
    <message>
        <source>Setup</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Optimizer, with torch.optim&apos;s update rule and defaults.</source>
        <translation>옵티마이저. torch.optim과 같은 업데이트 규칙과 기본값을 씁니다.</translation>
    </message>
    <message>
        <source>suggest</source>
        <translation>추천값</translation>
    </message>
    <message>
        <source>Use the rate suggested for this problem and optimizer.</source>
        <translation>이 문제와 옵티마이저에 추천하는 학습률을 넣습니다.</translation>
    </message>
    <message>
        <source>until stopped</source>
        <translation>멈출 때까지</translation>
    </message>
    <message>
        <source>Train until you press Pause.</source>
        <translation>일시정지를 누를 때까지 학습합니다.</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>α0 (lr)</source>
        <translation>α0 (학습률)</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>노이즈</translation>
    </message>
    <message>
        <source>Data noise: for {name}, the {meaning}.
Allowed: {range}. Default for {name}: {default}.</source>
        <translation>데이터 노이즈: {name} 문제에서는 {meaning}.
허용 범위: {range}. {name}의 기본값: {default}.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Keys act anywhere in the window, except while you type in a field (there Space, D and ? type themselves).</source>
        <translation>키는 창 어디에서나 작동합니다. 다만 입력란에 입력하는 동안에는 Space, D, ?가 그 글자 그대로 입력됩니다.</translation>
    </message>
    <message>
        <source>Mouse, on the plots</source>
        <translation>마우스 (그래프 위에서)</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>확대/축소</translation>
    </message>
    <message>
        <source>Wheel, or right-drag</source>
        <translation>휠, 또는 오른쪽 버튼으로 드래그</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>이동</translation>
    </message>
    <message>
        <source>Left-drag</source>
        <translation>왼쪽 버튼으로 드래그</translation>
    </message>
    <message>
        <source>Read the values under the mouse</source>
        <translation>마우스 아래의 값 읽기</translation>
    </message>
    <message>
        <source>Hover</source>
        <translation>마우스 올리기</translation>
    </message>
    <message>
        <source>Fork the run at that step</source>
        <translation>그 스텝에서 실행 분기</translation>
    </message>
    <message>
        <source>Right-click</source>
        <translation>오른쪽 클릭</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>running</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>epochs {0}</source>
        <translation>에포크 {0}</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>스텝 {0}</translation>
    </message>
    <message>
        <source>lr {0}</source>
        <translation>학습률 {0}</translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation>손실 {0}</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>초당 {0} 스텝</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>minimum</source>
        <translation>최솟값</translation>
    </message>
    <message>
        <source>start</source>
        <translation>시작점</translation>
    </message>
    <message>
        <source>Hover a path to see its step and loss; click to select the step, Shift+click to fork there.</source>
        <translation>경로 위에 마우스를 올리면 스텝과 손실이 보입니다. 클릭하면 그 스텝을 고르고, Shift+클릭하면 거기서 분기합니다.</translation>
    </message>
    <message>
        <source>around the minimum (framing the last 10 epochs)</source>
        <translation>최솟값 주변 (최근 10 에포크 범위)</translation>
    </message>
    <message>
        <source>the whole path</source>
        <translation>전체 경로</translation>
    </message>
    <message>
        <source>PROJECTION on the first two principal directions of the epoch-end states (Li et al. 2018 §7), loss on that plane</source>
        <translation>에포크 끝 상태들의 첫 두 주성분 방향으로의 투영(Li et al. 2018 §7), 그 평면 위의 손실</translation>
    </message>
    <message>
        <source>full-batch training loss over (w, b)</source>
        <translation>(w, b)에 대한 전체 배치 훈련 손실</translation>
    </message>
    <message>
        <source>{0} % of the path&apos;s variance in this plane</source>
        <translation>경로 분산의 {0} %가 이 평면에 있음</translation>
    </message>
    <message>
        <source>Loss surface: {0}; contours log-spaced</source>
        <translation>손실 곡면: {0}; 등고선은 로그 간격</translation>
    </message>
    <message>
        <source>full-batch loss</source>
        <translation>전체 배치 손실</translation>
    </message>
    <message>
        <source>loss on the plane (nearest grid point)</source>
        <translation>평면 위 손실 (가장 가까운 격자점)</translation>
    </message>
    <message>
        <source>{name}: step {step}, {what} {loss} at ({x}, {y})</source>
        <translation>{name}: 스텝 {step}, ({x}, {y})에서 {what} {loss}</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <source>View All</source>
        <translation>전체 보기</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>축</translation>
    </message>
    <message>
        <source>Mouse Mode</source>
        <translation>마우스 모드</translation>
    </message>
    <message>
        <source>3 button</source>
        <translation>버튼 3개</translation>
    </message>
    <message>
        <source>1 button</source>
        <translation>버튼 1개</translation>
    </message>
</context>
<context>
    <name>ViewPanel</name>
    <message>
        <source>Smoothing weight of the loss line (TensorBoard&apos;s debiased EMA), 0 to 0.99</source>
        <translation>손실 선의 스무딩 가중치(TensorBoard의 편향 보정 EMA), 0부터 0.99까지</translation>
    </message>
    <message>
        <source>log loss axis</source>
        <translation>손실 로그 축</translation>
    </message>
    <message>
        <source>Logarithmic loss axis (Ctrl+L)</source>
        <translation>손실 축을 로그 눈금으로 (Ctrl+L)</translation>
    </message>
    <message>
        <source>smoothing</source>
        <translation>스무딩</translation>
    </message>
</context>
<context>
    <name>ViewTabs</name>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>The live loss and learning rate of the current run</source>
        <translation>현재 실행의 실시간 손실과 학습률</translation>
    </message>
    <message>
        <source>Rates</source>
        <translation>학습률 비교</translation>
    </message>
    <message>
        <source>The setup trained at several starting rates at once, each with its verdict</source>
        <translation>현재 설정을 여러 시작 학습률로 동시에 학습하고, 각각 판정합니다</translation>
    </message>
    <message>
        <source>Range test</source>
        <translation>범위 테스트</translation>
    </message>
    <message>
        <source>The learning-rate range test: the loss as the rate grows, with hints</source>
        <translation>학습률 범위 테스트: 학습률을 키울 때의 손실과 힌트</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>손실 곡면</translation>
    </message>
    <message>
        <source>The path of the parameters on the loss surface, for every visible run</source>
        <translation>보이는 모든 실행에 대해, 손실 곡면 위 파라미터의 경로</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>The built-in problem to train on; its data is generated from the seed.</source>
        <translation>학습할 내장 문제. 데이터는 시드로부터 만들어집니다.</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Starting learning rate alpha0, before any decay.</source>
        <translation>감소를 적용하기 전의 시작 학습률 alpha0.</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>suggested for the problem and optimizer</source>
        <translation>문제와 옵티마이저에 맞춘 추천값</translation>
    </message>
    <message>
        <source>Examples per mini-batch, at most the training set size: smaller batches give noisier gradients.</source>
        <translation>미니배치 하나의 예제 수(훈련 세트 크기 이하). 배치가 작을수록 그래디언트에 노이즈가 많습니다.</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Shuffled passes over the training set to train for.</source>
        <translation>학습할 에포크 수(훈련 세트를 섞어서 한 번 훑는 것이 1 에포크).</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크 수</translation>
    </message>
    <message>
        <source>Random seed for the data, the initial weights and the shuffling.</source>
        <translation>데이터, 초기 가중치, 섞는 순서를 정하는 난수 시드.</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Data noise; what it means depends on the problem.</source>
        <translation>데이터 노이즈. 의미는 문제마다 다릅니다.</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>노이즈</translation>
    </message>
    <message>
        <source>the problem&apos;s own</source>
        <translation>문제마다 다름</translation>
    </message>
    <message>
        <source>Training examples.</source>
        <translation>훈련 예제 수.</translation>
    </message>
    <message>
        <source>train size</source>
        <translation>훈련 예제 수</translation>
    </message>
    <message>
        <source>Validation examples.</source>
        <translation>검증 예제 수.</translation>
    </message>
    <message>
        <source>val size</source>
        <translation>검증 예제 수</translation>
    </message>
    <message>
        <source>{error}; {size} is the training set size</source>
        <translation>{error}; 훈련 세트 크기는 {size}입니다</translation>
    </message>
    <message>
        <source>cosine with warm restarts (torch CosineAnnealingWarmRestarts): cosine from alpha0 to min over period epochs, then again from alpha0, each period mult times longer</source>
        <translation>웜 리스타트가 있는 코사인 감소(torch CosineAnnealingWarmRestarts): period 에포크 동안 alpha0에서 min까지 코사인으로 내려가고, 다시 alpha0에서 시작하며, 주기는 매번 mult배 길어집니다</translation>
    </message>
    <message>
        <source>Epochs of the first cosine before the first restart (torch&apos;s T_0).</source>
        <translation>첫 재시작 전까지 첫 코사인의 에포크 수(torch의 T_0).</translation>
    </message>
    <message>
        <source>Each period is this many times longer than the one before (torch&apos;s T_mult).</source>
        <translation>각 주기가 이전 주기보다 몇 배 긴지(torch의 T_mult).</translation>
    </message>
    <message>
        <source>Rate at the end of every period (torch&apos;s eta_min).</source>
        <translation>각 주기 끝의 학습률(torch의 eta_min).</translation>
    </message>
    <message>
        <source>one-cycle policy (torch OneCycleLR, anneal cos, two phases, no momentum cycling): up from max/div to max, then down to max/(div*final_div), per step</source>
        <translation>원사이클 정책(torch OneCycleLR, 코사인, 두 단계, 모멘텀 순환 없음): 스텝마다 max/div에서 max까지 올라갔다가 max/(div*final_div)까지 내려갑니다</translation>
    </message>
    <message>
        <source>Peak rate of the cycle (torch&apos;s max_lr); it replaces the rate in effect.</source>
        <translation>사이클의 최고 학습률(torch의 max_lr). 지금 쓰는 학습률을 대신합니다.</translation>
    </message>
    <message>
        <source>Length of the cycle in epochs (torch: total_steps = epochs × steps per epoch).</source>
        <translation>사이클의 길이(에포크). torch에서는 total_steps = epochs × 에포크당 스텝 수.</translation>
    </message>
    <message>
        <source>Fraction of the cycle spent rising (torch&apos;s pct_start).</source>
        <translation>사이클 중 올라가는 부분의 비율(torch의 pct_start).</translation>
    </message>
    <message>
        <source>The cycle starts at max/div (torch&apos;s div_factor).</source>
        <translation>사이클은 max/div에서 시작합니다(torch의 div_factor).</translation>
    </message>
    <message>
        <source>The cycle ends at max/(div·final_div) (torch&apos;s final_div_factor).</source>
        <translation>사이클은 max/(div·final_div)에서 끝납니다(torch의 final_div_factor).</translation>
    </message>
    <message>
        <source>Change the rate every step (torch&apos;s usual use: scheduler.step() per batch) or once per epoch (total_steps = epochs).</source>
        <translation>학습률을 스텝마다 바꿀지(torch의 일반적 사용: 배치마다 scheduler.step()), 에포크마다 한 번 바꿀지(total_steps = epochs).</translation>
    </message>
    <message>
        <source>L2 penalty: adds weight_decay*param to each gradient.</source>
        <translation>L2 페널티: 각 그래디언트에 weight_decay*param을 더합니다.</translation>
    </message>
    <message>
        <source>stochastic gradient descent (torch.optim.SGD)</source>
        <translation>확률적 경사 하강법(torch.optim.SGD)</translation>
    </message>
    <message>
        <source>Momentum factor: how much of the previous step is kept.</source>
        <translation>모멘텀 계수: 이전 스텝을 얼마나 유지할지.</translation>
    </message>
    <message>
        <source>Dampening for momentum: scales the new gradient by (1-dampening).</source>
        <translation>모멘텀 감쇠: 새 그래디언트에 (1-dampening)을 곱합니다.</translation>
    </message>
    <message>
        <source>Nesterov momentum: look ahead along the momentum before stepping.</source>
        <translation>네스테로프 모멘텀: 이동하기 전에 모멘텀 방향으로 앞을 내다봅니다.</translation>
    </message>
    <message>
        <source>AdaGrad (torch.optim.Adagrad): adapts a rate per coordinate</source>
        <translation>AdaGrad(torch.optim.Adagrad): 좌표마다 학습률을 조정합니다</translation>
    </message>
    <message>
        <source>Built-in inverse-time decay: lr/(1+(t-1)*lr_decay).</source>
        <translation>내장 역시간 감소: lr/(1+(t-1)*lr_decay).</translation>
    </message>
    <message>
        <source>Starting value of the squared-gradient sum.</source>
        <translation>그래디언트 제곱 합의 시작값.</translation>
    </message>
    <message>
        <source>Added to the denominator for numerical stability.</source>
        <translation>수치 안정성을 위해 분모에 더하는 값.</translation>
    </message>
    <message>
        <source>RMSProp (torch.optim.RMSprop): divides by a running RMS of gradients</source>
        <translation>RMSProp(torch.optim.RMSprop): 그래디언트의 이동 RMS로 나눕니다</translation>
    </message>
    <message>
        <source>Smoothing constant of the squared-gradient average.</source>
        <translation>그래디언트 제곱 평균의 스무딩 상수.</translation>
    </message>
    <message>
        <source>Momentum factor applied to the scaled step.</source>
        <translation>크기를 조정한 스텝에 적용하는 모멘텀 계수.</translation>
    </message>
    <message>
        <source>Divide by the estimated variance instead of the raw second moment.</source>
        <translation>2차 모멘트 대신 추정한 분산으로 나눕니다.</translation>
    </message>
    <message>
        <source>Adam (torch.optim.Adam): momentum + per-coordinate scaling</source>
        <translation>Adam(torch.optim.Adam): 모멘텀 + 좌표별 크기 조정</translation>
    </message>
    <message>
        <source>Decay rates of the first and second moment averages.</source>
        <translation>1차, 2차 모멘트 평균의 감쇠율.</translation>
    </message>
    <message>
        <source>Use the maximum of past second moments (AMSGrad).</source>
        <translation>지난 2차 모멘트의 최댓값을 씁니다(AMSGrad).</translation>
    </message>
    <message>
        <source>SGD with momentum (momentum=0.9 by default)</source>
        <translation>모멘텀 SGD(기본 momentum=0.9)</translation>
    </message>
    <message>
        <source>SGD with Nesterov momentum (momentum=0.9, nesterov=true by default)</source>
        <translation>네스테로프 모멘텀 SGD(기본 momentum=0.9, nesterov=true)</translation>
    </message>
    <message>
        <source>reduce on plateau (torch ReduceLROnPlateau) of the validation loss</source>
        <translation>검증 손실이 정체되면 감소(torch ReduceLROnPlateau)</translation>
    </message>
    <message>
        <source>Multiplier applied at each drop.</source>
        <translation>감소할 때마다 곱하는 값.</translation>
    </message>
    <message>
        <source>Epochs without improvement tolerated before a drop.</source>
        <translation>감소하기 전에 참는, 개선 없는 에포크 수.</translation>
    </message>
    <message>
        <source>Relative improvement that counts as better.</source>
        <translation>나아졌다고 볼 상대적 개선 폭.</translation>
    </message>
    <message>
        <source>Epochs to wait after a drop before counting again.</source>
        <translation>감소 후 다시 세기 시작할 때까지 기다리는 에포크 수.</translation>
    </message>
    <message>
        <source>The rate never drops below this, by a drop or by a manual decay (torch: a drop never goes below it).</source>
        <translation>학습률은 자동 감소로도 직접 감소로도 이 값 아래로 내려가지 않습니다(torch: 감소가 이 값 아래로 내려가지 않음).</translation>
    </message>
    <message>
        <source>linear regression, 2 parameters (w, b), elongated loss contours</source>
        <translation>선형 회귀, 파라미터 2개(w, b), 길쭉한 손실 등고선</translation>
    </message>
    <message>
        <source>standard deviation of the target noise</source>
        <translation>목표값 노이즈의 표준편차</translation>
    </message>
    <message>
        <source>2-class logistic regression on overlapping 2-D Gaussian blobs</source>
        <translation>겹치는 2차원 가우시안 덩어리에 대한 2클래스 로지스틱 회귀</translation>
    </message>
    <message>
        <source>standard deviation of each class blob (more = more overlap)</source>
        <translation>각 클래스 덩어리의 표준편차(클수록 더 많이 겹침)</translation>
    </message>
    <message>
        <source>multi-layer perceptron (2-32-32-3, tanh) on a 3-class spiral</source>
        <translation>3클래스 나선 데이터에 대한 다층 퍼셉트론(2-32-32-3, tanh)</translation>
    </message>
    <message>
        <source>angular jitter of the spiral points (radians)</source>
        <translation>나선 점들의 각도 흔들림(라디안)</translation>
    </message>
    <message>
        <source>Update the rate once per epoch (staircase) or every step (smooth).</source>
        <translation>학습률을 에포크마다 한 번(계단식) 또는 스텝마다(매끄럽게) 바꿉니다.</translation>
    </message>
    <message>
        <source>keep the rate: alpha = alpha0</source>
        <translation>학습률 유지: alpha = alpha0</translation>
    </message>
    <message>
        <source>inverse-time decay (Keras InverseTimeDecay): alpha0 / (1 + k*t)</source>
        <translation>역시간 감소(Keras InverseTimeDecay): alpha0 / (1 + k*t)</translation>
    </message>
    <message>
        <source>Decay rate: the rate halves after 1/k epochs.</source>
        <translation>감소율: 1/k 에포크 뒤에 학습률이 절반이 됩니다.</translation>
    </message>
    <message>
        <source>exponential decay (torch ExponentialLR): alpha0 * gamma^t</source>
        <translation>지수 감소(torch ExponentialLR): alpha0 * gamma^t</translation>
    </message>
    <message>
        <source>Multiplier per epoch.</source>
        <translation>에포크마다 곱하는 값.</translation>
    </message>
    <message>
        <source>step decay (torch StepLR): alpha0 * factor^floor(t/every)</source>
        <translation>계단식 감소(torch StepLR): alpha0 * factor^floor(t/every)</translation>
    </message>
    <message>
        <source>Epochs between drops.</source>
        <translation>감소 사이의 에포크 수.</translation>
    </message>
    <message>
        <source>drops at chosen epochs (torch MultiStepLR): alpha0 * factor^(milestones passed)</source>
        <translation>정한 에포크마다 감소(torch MultiStepLR): alpha0 * factor^(지난 milestone 수)</translation>
    </message>
    <message>
        <source>Epochs since applied at which the rate drops (torch&apos;s milestones), e.g. 30/60/90.</source>
        <translation>적용 후 학습률이 떨어지는 에포크들(torch의 milestones), 예: 30/60/90.</translation>
    </message>
    <message>
        <source>linear warmup (torch LinearLR, end_factor=1): from start*alpha0 up to alpha0 in epochs, then alpha0</source>
        <translation>선형 워밍업(torch LinearLR, end_factor=1): epochs 동안 start*alpha0에서 alpha0까지 올라간 뒤 alpha0 유지</translation>
    </message>
    <message>
        <source>Epochs to ramp up over (torch&apos;s total_iters).</source>
        <translation>올라가는 데 걸리는 에포크 수(torch의 total_iters).</translation>
    </message>
    <message>
        <source>Fraction of alpha0 to start at (torch&apos;s start_factor).</source>
        <translation>시작할 때 alpha0에 곱하는 비율(torch의 start_factor).</translation>
    </message>
    <message>
        <source>polynomial decay to 0 (torch PolynomialLR): alpha0 * (1 - min(t,epochs)/epochs)^power</source>
        <translation>0까지 다항식 감소(torch PolynomialLR): alpha0 * (1 - min(t,epochs)/epochs)^power</translation>
    </message>
    <message>
        <source>Epochs to decay to 0 over (torch&apos;s total_iters).</source>
        <translation>0까지 감소하는 데 걸리는 에포크 수(torch의 total_iters).</translation>
    </message>
    <message>
        <source>Power of the decay: 1 is linear, 2 falls faster early.</source>
        <translation>감소의 거듭제곱: 1이면 선형, 2이면 초반에 더 빨리 떨어집니다.</translation>
    </message>
    <message>
        <source>cosine annealing (torch CosineAnnealingLR) to min in period epochs, then held at min (after=hold) or rising again like torch (after=periodic)</source>
        <translation>코사인 감소(torch CosineAnnealingLR): period 에포크 동안 min까지 내려간 뒤 min을 유지하거나(after=hold) torch처럼 다시 올라갑니다(after=periodic)</translation>
    </message>
    <message>
        <source>Epochs to anneal from alpha0 down to min (torch&apos;s T_max).</source>
        <translation>alpha0에서 min까지 내려가는 에포크 수(torch의 T_max).</translation>
    </message>
    <message>
        <source>Rate reached at the end of the period (torch&apos;s eta_min).</source>
        <translation>주기 끝에 도달하는 학습률(torch의 eta_min).</translation>
    </message>
    <message>
        <source>After the period: hold at min, or rise again as torch&apos;s CosineAnnealingLR does (a period of 2×period); for restarts see sgdr.</source>
        <translation>주기가 끝난 뒤: min을 유지하거나, torch의 CosineAnnealingLR처럼 다시 올라갑니다(2×period 주기). 재시작은 sgdr을 보세요.</translation>
    </message>
    <message>
        <source>Verdicts, checked in this order (the tail is the last fifth of the epochs, at least 3):
• too high: the run diverged, or its final training loss is not below the loss of its first step.
• good: the lowest final validation loss of the rates that are not too high (one per sweep).
• low: still falling — a straight line fitted to the tail&apos;s epoch training losses falls by at
  least 4 standard errors of its slope (a trend, not noise).
• high: the rest — it fell, then stalled in a band above the best rate&apos;s loss.</source>
        <translation>판정은 이 순서로 확인합니다(끝부분 = 에포크의 마지막 5분의 1, 최소 3):
• 너무 높음: 실행이 발산했거나, 최종 훈련 손실이 첫 스텝의 손실보다 낮지 않음.
• 좋음: 너무 높지 않은 학습률 중 최종 검증 손실이 가장 낮음(한 번의 비교에 하나).
• 낮음: 아직 내려가는 중 — 끝부분 에포크 훈련 손실에 맞춘 직선이 기울기 표준오차의
  4배 이상 내려감(노이즈가 아닌 추세).
• 높음: 나머지 — 내려갔다가 최고 학습률의 손실보다 높은 흔들림 폭에서 정체됨.</translation>
    </message>
    <message>
        <source>1st principal direction</source>
        <translation>첫째 주성분 방향</translation>
    </message>
    <message>
        <source>2nd principal direction</source>
        <translation>둘째 주성분 방향</translation>
    </message>
    <message>
        <source>an attached training cannot be replayed: lrmonitor has only what the training reported, not its code or data</source>
        <translation>연결된 학습은 다시 계산할 수 없습니다. lrmonitor에는 학습이 보고한 값만 있고, 코드나 데이터는 없습니다</translation>
    </message>
    <message>
        <source>{file} is damaged: {detail}</source>
        <translation>{file}: 손상된 파일입니다 ({detail})</translation>
    </message>
    <message>
        <source>{file} cannot be read: it needs more memory than there is</source>
        <translation>{file}: 읽을 수 없습니다. 사용할 수 있는 것보다 많은 메모리가 필요합니다</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is not an lrmonitor session file (no {marker} in its manifest)</source>
        <translation>&apos;{path}&apos;: lrmonitor 세션 파일이 아닙니다 (매니페스트에 {marker} 항목이 없습니다)</translation>
    </message>
    <message>
        <source>{file} is a folder, not a file</source>
        <translation>{file}: 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{file} is a named pipe (FIFO), not a regular file</source>
        <translation>{file}: 일반 파일이 아니라 이름 있는 파이프(FIFO)입니다</translation>
    </message>
    <message>
        <source>{file} is a device, not a regular file</source>
        <translation>{file}: 일반 파일이 아니라 장치입니다</translation>
    </message>
    <message>
        <source>{file} is a socket, not a regular file</source>
        <translation>{file}: 일반 파일이 아니라 소켓입니다</translation>
    </message>
    <message>
        <source>{what} &apos;{path}&apos;</source>
        <translation>{what} &apos;{path}&apos;</translation>
    </message>
    <message>
        <source>session file</source>
        <translation>세션 파일</translation>
    </message>
    <message>
        <source>version 1 session file</source>
        <translation>버전 1 세션 파일</translation>
    </message>
    <message>
        <source>attached-run file</source>
        <translation>연결된 학습의 실행 파일</translation>
    </message>
    <message>
        <source>{file} is not a regular file</source>
        <translation>{file}: 일반 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{file} does not exist</source>
        <translation>{file}: 파일이 없습니다</translation>
    </message>
    <message>
        <source>{file} cannot be read: {reason}</source>
        <translation>{file}: 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>{file} is {size} bytes: larger than the {limit} bytes a {what} may have</source>
        <translation>{file}: 크기가 {size}바이트로, {what}에 허용되는 {limit}바이트보다 큽니다</translation>
    </message>
    <message>
        <source>{file} is larger than the {limit} bytes a {what} may have</source>
        <translation>{file}: {what}에 허용되는 {limit}바이트보다 큽니다</translation>
    </message>
    <message>
        <source>{file} is not a text file (not an lrmonitor session)</source>
        <translation>{file}: 텍스트 파일이 아닙니다 (lrmonitor 세션이 아닙니다)</translation>
    </message>
    <message>
        <source>{file} is not valid JSON (truncated or damaged?): {detail}</source>
        <translation>{file}: 올바른 JSON이 아닙니다 (잘렸거나 손상되었을 수 있습니다): {detail}</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is not an lrmonitor session file (no {marker})</source>
        <translation>&apos;{path}&apos;: lrmonitor 세션 파일이 아닙니다 ({marker} 항목이 없습니다)</translation>
    </message>
    <message>
        <source>{file} has format version {version}, written by a newer lrmonitor; this version reads versions 1 to {newest}</source>
        <translation>{file}: 형식 버전 {version}, 더 새로운 lrmonitor로 저장된 파일입니다. 이 버전은 버전 1부터 {newest}까지 읽습니다</translation>
    </message>
    <message>
        <source>action {action} is not known: expected a schedule ({schedules}), decay=F, lr=V or optimizer=SPEC</source>
        <translation>알 수 없는 동작 {action}: 스케줄({schedules}), decay=F, lr=V 또는 optimizer=SPEC 형식으로 입력하세요</translation>
    </message>
    <message>
        <source>{key}={value} is not a number</source>
        <translation>{key}={value}: 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>decay factor {value} is out of range: allowed is 0 &lt; factor &lt;= 1</source>
        <translation>감소 계수 {value}: 허용 범위를 벗어났습니다. 허용 범위: 0 &lt; factor &lt;= 1</translation>
    </message>
    <message>
        <source>learning rate {value} is out of range: allowed is a finite lr &gt; 0</source>
        <translation>학습률 {value}: 허용 범위를 벗어났습니다. 허용 범위: 유한한 lr &gt; 0</translation>
    </message>
    <message>
        <source>epoch {n}</source>
        <translation>에포크 {n}</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>스텝 {n}</translation>
    </message>
    <message>
        <source>decay ×{factor} at {at}</source>
        <translation>{at}에서 ×{factor} 감소</translation>
    </message>
    <message>
        <source>lr={rate} from {at}</source>
        <translation>{at}부터 lr={rate}</translation>
    </message>
    <message>
        <source>{change} from {at}</source>
        <translation>{at}부터 {change}</translation>
    </message>
    <message>
        <source>fixed α={rate}</source>
        <translation>고정 α={rate}</translation>
    </message>
    <message>
        <source>{first} and {count} more events</source>
        <translation>{first} 외 이벤트 {count}개</translation>
    </message>
    <message>
        <source>too high</source>
        <translation>너무 높음</translation>
    </message>
    <message>
        <source>high</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>attached: {script}</source>
        <translation>연결됨: {script}</translation>
    </message>
    <message>
        <source>training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>{flag} {value} is out of range: allowed is {range}</source>
        <translation>{flag} {value}: 허용 범위를 벗어났습니다. 허용 범위: {range}</translation>
    </message>
    <message>
        <source>{flag} {text} is malformed: expected rates separated by commas, e.g. 0.001,0.01,0.1</source>
        <translation>{flag} {text}: 형식이 잘못되었습니다. 학습률을 쉼표로 구분해 입력하세요 (예: 0.001,0.01,0.1)</translation>
    </message>
    <message>
        <source>{flag} {text}: {error}</source>
        <translation>{flag} {text}: {error}</translation>
    </message>
    <message>
        <source>{flag} {text} names a rate twice: allowed are distinct rates</source>
        <translation>{flag} {text}: 같은 학습률이 두 번 있습니다. 서로 다른 학습률만 허용됩니다</translation>
    </message>
    <message>
        <source>fork step {step} is outside the recorded run: allowed is {low} &lt;= step &lt;= {high} ({steps} steps recorded, {status})</source>
        <translation>분기 스텝 {step}: 기록된 실행 밖입니다. 허용 범위: {low} &lt;= step &lt;= {high} (기록된 스텝 {steps}개, {status})</translation>
    </message>
    <message>
        <source>an &apos;until stopped&apos; run has no end to move: allowed are runs with a number of epochs</source>
        <translation>&apos;멈출 때까지&apos; 실행에는 늘릴 끝이 없습니다. 에포크 수가 정해진 실행만 허용됩니다</translation>
    </message>
    <message>
        <source>a diverged run cannot go on: allowed are runs that did not diverge (fork it earlier)</source>
        <translation>발산한 실행은 계속할 수 없습니다. 발산하지 않은 실행만 허용됩니다 (더 이른 지점에서 분기하세요)</translation>
    </message>
    <message>
        <source>{epochs} more epochs is out of range: allowed is 1 &lt;= epochs &lt;= {most} (the run has {total}, at most {all} in all)</source>
        <translation>추가 에포크 {epochs}: 허용 범위를 벗어났습니다. 허용 범위: 1 &lt;= epochs &lt;= {most} (현재 {total} 에포크, 모두 합쳐 최대 {all} 에포크)</translation>
    </message>
    <message>
        <source>run name {name} is not valid: allowed is 1 to {length} characters, not only spaces</source>
        <translation>실행 이름 {name}: 올바르지 않습니다. 공백만이 아닌 1~{length}자의 이름이 허용됩니다</translation>
    </message>
    <message>
        <source>{subject} is not valid: {expected}</source>
        <translation>{subject}: 올바른 값이 아닙니다. {expected}</translation>
    </message>
    <message>
        <source>{subject} is out of range: allowed is {range}</source>
        <translation>{subject}: 허용 범위를 벗어났습니다. 허용 범위: {range}</translation>
    </message>
    <message>
        <source>{label} {value}</source>
        <translation>{label} {value}</translation>
    </message>
    <message>
        <source>{label} {value} in {owner}</source>
        <translation>{owner}의 {label} {value}</translation>
    </message>
    <message>
        <source>{key}={value} in {owner}</source>
        <translation>{owner}의 {key}={value}</translation>
    </message>
    <message>
        <source>{kind} &apos;{name}&apos;</source>
        <translation>{kind} &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>true 또는 false로 입력하세요</translation>
    </message>
    <message>
        <source>expected one of {choices}</source>
        <translation>다음 중 하나로 입력하세요: {choices}</translation>
    </message>
    <message>
        <source>expected whole numbers separated by /, like {example}; {range}</source>
        <translation>/로 구분한 정수로 입력하세요 (예: {example}). 허용 범위: {range}</translation>
    </message>
    <message>
        <source>expected two numbers like ({example}); {range}</source>
        <translation>두 숫자로 입력하세요 (예: ({example})). 허용 범위: {range}</translation>
    </message>
    <message>
        <source>expected a whole number; {range}</source>
        <translation>정수로 입력하세요. 허용 범위: {range}</translation>
    </message>
    <message>
        <source>expected a number; {range}</source>
        <translation>숫자로 입력하세요. 허용 범위: {range}</translation>
    </message>
    <message>
        <source>empty spec: expected name[:key=value,...]</source>
        <translation>빈 스펙입니다. name[:key=value,...] 형식으로 입력하세요</translation>
    </message>
    <message>
        <source>spec {spec} has no name: expected name[:key=value,...]</source>
        <translation>스펙 {spec}: 이름이 없습니다. name[:key=value,...] 형식으로 입력하세요</translation>
    </message>
    <message>
        <source>{item} in spec {spec} is malformed: expected key=value</source>
        <translation>스펙 {spec}의 {item}: 형식이 잘못되었습니다. key=value 형식으로 입력하세요</translation>
    </message>
    <message>
        <source>{key} is given twice in spec {spec}</source>
        <translation>스펙 {spec}: {key} 값이 두 번 있습니다</translation>
    </message>
    <message>
        <source>unknown parameter {key} for {owner}: allowed are {allowed}</source>
        <translation>{owner}에 없는 매개변수 {key}. 허용되는 것: {allowed}</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>매개변수 없음</translation>
    </message>
    <message>
        <source>unknown {kind} {name}: allowed are {allowed}</source>
        <translation>알 수 없는 {kind} {name}. 허용되는 것: {allowed}</translation>
    </message>
    <message>
        <source>{term} is true or false</source>
        <translation>{term}: true 또는 false</translation>
    </message>
    <message>
        <source>{term} is one of {choices}</source>
        <translation>{term}: {choices} 중 하나</translation>
    </message>
    <message>
        <source>each of {term}</source>
        <translation>{term}의 각 값</translation>
    </message>
    <message>
        <source>a finite {term} {bound}</source>
        <translation>유한한 {term} {bound}</translation>
    </message>
    <message>
        <source>{term} is any number</source>
        <translation>{term}: 아무 숫자</translation>
    </message>
    <message>
        <source>{formula} (a whole number)</source>
        <translation>{formula} (정수)</translation>
    </message>
    <message>
        <source>{formula} (whole numbers, increasing, separated by /)</source>
        <translation>{formula} (정수, 증가하는 순서, /로 구분)</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>옵티마이저</translation>
    </message>
</context>
</TS>
