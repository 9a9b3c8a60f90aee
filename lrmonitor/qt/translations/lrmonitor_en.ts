<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>GuidePanel</name>
    <message numerus="yes">
        <source>That was before the loss stopped improving (only %n epoch(s) without improvement): an early decay slows the progress it was still making.</source>
        <translation>
            <numerusform>That was before the loss stopped improving (only %n epoch without improvement): an early decay slows the progress it was still making.</numerusform>
            <numerusform>That was before the loss stopped improving (only %n epochs without improvement): an early decay slows the progress it was still making.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The loss had not improved for %n epoch(s): you saw the stall sooner than the detector (patience {patience}) did.</source>
        <translation>
            <numerusform>The loss had not improved for %n epoch: you saw the stall sooner than the detector (patience {patience}) did.</numerusform>
            <numerusform>The loss had not improved for %n epochs: you saw the stall sooner than the detector (patience {patience}) did.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold {threshold} (relative); %n epoch(s) without improvement.</source>
        <translation>
            <numerusform>Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold {threshold} (relative); %n epoch without improvement.</numerusform>
            <numerusform>Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold {threshold} (relative); %n epochs without improvement.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message numerus="yes">
        <source>(%n more after this one)</source>
        <translation>
            <numerusform>(%n more after this one)</numerusform>
            <numerusform>(%n more after this one)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{problem}, {steps} steps, %n event(s)</source>
        <translation>
            <numerusform>{problem}, {steps} steps, %n event</numerusform>
            <numerusform>{problem}, {steps} steps, %n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runs of {problems}, up to {steps} steps</source>
        <translation>
            <numerusform>%n run of {problems}, up to {steps} steps</numerusform>
            <numerusform>%n runs of {problems}, up to {steps} steps</numerusform>
        </translation>
    </message>
</context>
</TS>
