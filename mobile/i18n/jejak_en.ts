<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>Labels</name>
    <message><source>Draf</source><translation>Draft</translation></message>
    <message><source>Menunggu kirim</source><translation>Queued</translation></message>
    <message><source>Mengunggah</source><translation>Uploading</translation></message>
    <message><source>Terkirim</source><translation>Synced</translation></message>
    <message><source>Dikembalikan</source><translation>Returned</translation></message>
    <message><source>Ditolak</source><translation>Rejected</translation></message>
    <message><source>Gagal</source><translation>Error</translation></message>
    <message><source>Sangat Baik</source><translation>Very good</translation></message>
    <message><source>Baik</source><translation>Good</translation></message>
    <message><source>Butuh Perbaikan</source><translation>Needs improvement</translation></message>
    <message><source>Kurang/Misconduct</source><translation>Poor/Misconduct</translation></message>
    <message><source>Sangat Kurang</source><translation>Very poor</translation></message>
</context>
</TS>
