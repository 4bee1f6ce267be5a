<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>ActivitiesPage</name>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="12"/>
        <source>Kegiatan Saya</source>
        <translation>My activities</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="15"/>
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="16"/>
        <source>Perlu diperbaiki</source>
        <translation>Needs fixing</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="17"/>
        <source>Draf</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="18"/>
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="19"/>
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="20"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="21"/>
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="90"/>
        <source>Belum ada kegiatan</source>
        <translation>No activities yet</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="90"/>
        <source>Tidak ada kegiatan dengan status ini</source>
        <translation>No activities in this state</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="92"/>
        <source>Ketuk + untuk mencatat kegiatan pertama. Kegiatan tersimpan di perangkat dan dikirim otomatis saat ada sinyal.</source>
        <translation>Tap + to log your first activity. Activities are kept on the device and sent automatically when there is a signal.</translation>
    </message>
    <message>
        <location filename="../qml/ActivitiesPage.qml" line="93"/>
        <source>Pilih &quot;Semua&quot; untuk melihat seluruh kegiatan.</source>
        <translation>Choose "All" to see every activity.</translation>
    </message>
</context>
<context>
    <name>ActivityCard</name>
    <message numerus="yes">
        <location filename="../qml/ActivityCard.qml" line="112"/>
        <source>%n foto</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ActivityCard.qml" line="112"/>
        <source>tanpa foto</source>
        <translation>no photo</translation>
    </message>
    <message>
        <location filename="../qml/ActivityCard.qml" line="133"/>
        <source>Keputusan menunggu dikirim</source>
        <translation>Decision waiting to send</translation>
    </message>
    <message>
        <location filename="../qml/ActivityCard.qml" line="138"/>
        <source>Nilai %1</source>
        <translation>Score %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ActivityCard.qml" line="144"/>
        <source>⚠ %n catatan</source>
        <translation>
            <numerusform>⚠ %n note</numerusform>
            <numerusform>⚠ %n notes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ActivityCard.qml" line="151"/>
        <source>Alasan penolakan: </source>
        <translation>Reason for rejection: </translation>
    </message>
    <message>
        <location filename="../qml/ActivityCard.qml" line="151"/>
        <source>Perlu diperbaiki: </source>
        <translation>To fix: </translation>
    </message>
</context>
<context>
    <name>ActivityDetailPage</name>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="36"/>
        <source>Kegiatan disetujui.</source>
        <translation>Activity approved.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="39"/>
        <source>Kegiatan dikembalikan untuk diperbaiki.</source>
        <translation>Activity returned for fixing.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="42"/>
        <source>Kegiatan ditolak.</source>
        <translation>Activity rejected.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="57"/>
        <source>Kembalikan untuk diperbaiki</source>
        <translation>Return for fixing</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="58"/>
        <source>Tulis apa yang perlu diperbaiki. Catatan ini muncul di atas daftar kegiatan pegawai.</source>
        <translation>Write what needs fixing. The note appears at the top of the employee's activity list.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="59"/>
        <location filename="../qml/ActivityDetailPage.qml" line="280"/>
        <source>Kembalikan</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="65"/>
        <source>Tolak kegiatan</source>
        <translation>Reject activity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="66"/>
        <source>Tulis alasan penolakan. Kegiatan yang ditolak tidak dihitung sebagai realisasi.</source>
        <translation>Write the reason for rejecting. A rejected activity does not count towards realisation.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="67"/>
        <location filename="../qml/ActivityDetailPage.qml" line="271"/>
        <source>Tolak</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="110"/>
        <source>Keputusan menunggu dikirim</source>
        <translation>Decision waiting to send</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="121"/>
        <source>Tim Kerja</source>
        <translation>Work team</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="123"/>
        <source>Tugas individu</source>
        <translation>Individual assignment</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="126"/>
        <source>Butir SKP</source>
        <translation>SKP item</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="130"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="134"/>
        <source>Hasil</source>
        <translation>Output</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="139"/>
        <source>Uraian</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="143"/>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="146"/>
        <source>Tidak dicatat</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="150"/>
        <source>Foto bukti</source>
        <translation>Evidence photos</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="175"/>
        <source>memuat…</source>
        <translation>loading…</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="187"/>
        <source>Tidak ada foto.</source>
        <translation>No photos.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="221"/>
        <source>Catatan Ketua Tim: %1</source>
        <translation>Team lead's note: %1</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="235"/>
        <source>Nilai</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="236"/>
        <source>%1 (substansi %2 · kesesuaian %3 · sistematika %4)</source>
        <translation>%1 (substance %2 · fit %3 · structure %4)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="243"/>
        <source>Perbaiki kegiatan</source>
        <translation>Fix activity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityDetailPage.qml" line="289"/>
        <source>Setujui</source>
        <translation>Approve</translation>
    </message>
</context>
<context>
    <name>ActivityFormPage</name>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="16"/>
        <source>Kegiatan Baru</source>
        <translation>New activity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="16"/>
        <source>Perbaiki Kegiatan</source>
        <translation>Fix activity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="48"/>
        <source>Pilih foto bukti</source>
        <translation>Choose evidence photo</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="49"/>
        <source>Foto (*.jpg *.jpeg *.png)</source>
        <translation>Photos (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="52"/>
        <source>Foto tidak bisa dibaca.</source>
        <translation>The photo cannot be read.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="57"/>
        <source>Pilih dokumen</source>
        <translation>Choose document</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="58"/>
        <source>Dokumen (*.pdf *.doc *.docx *.xls *.xlsx *.odt)</source>
        <translation>Documents (*.pdf *.doc *.docx *.xls *.xlsx *.odt)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="58"/>
        <source>Semua berkas (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="61"/>
        <source>Dokumen tidak bisa dilampirkan.</source>
        <translation>The document cannot be attached.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ActivityFormPage.qml" line="105"/>
        <source>Periksa %n isian yang ditandai merah sebelum menyimpan.</source>
        <translation>
            <numerusform>Check the field marked in red before saving.</numerusform>
            <numerusform>Check the %n fields marked in red before saving.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="112"/>
        <source>Penugasan</source>
        <translation>Assignment</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="118"/>
        <source>Tim Kerja</source>
        <translation>Work team</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="119"/>
        <source>Pilih tim</source>
        <translation>Choose team</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="120"/>
        <source>Tanpa tim (tugas individu)</source>
        <translation>No team (individual assignment)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="123"/>
        <source>Tidak ada tim aktif pada tanggal mulai.</source>
        <translation>No active team on the start date.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="130"/>
        <source>Rencana Hasil Kerja (butir SKP)</source>
        <translation>Planned work result (SKP item)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="131"/>
        <source>Pilih butir SKP</source>
        <translation>Choose SKP item</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="135"/>
        <source>Tim ini tidak terhubung dengan butir SKP Anda. Pilih tim lain atau hubungi Ketua Tim.</source>
        <translation>This team is not linked to any of your SKP items. Choose another team or contact the team lead.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="140"/>
        <source>Kegiatan</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="143"/>
        <source>Nama kegiatan</source>
        <translation>Activity name</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="152"/>
        <source>Misalnya: Verifikasi usul kenaikan pangkat</source>
        <translation>For example: Verify promotion proposals</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="161"/>
        <source>Jumlah hasil</source>
        <translation>Output quantity</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="183"/>
        <source>(satuan mengikuti butir SKP)</source>
        <translation>(unit from the SKP item)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="200"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="208"/>
        <source>Selesai</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="219"/>
        <source>Uraian</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="225"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="239"/>
        <source>Apa yang dikerjakan, untuk siapa, dan hasilnya.</source>
        <translation>What was done, for whom, and the result.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="248"/>
        <source>Bukti</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="290"/>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="297"/>
        <source>+ Foto</source>
        <translation>+ Photo</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="303"/>
        <source>Tambahkan minimal satu foto sebagai bukti kegiatan.</source>
        <translation>Add at least one photo as evidence.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ActivityFormPage.qml" line="304"/>
        <source>%n foto; diperkecil dan disimpan di perangkat.</source>
        <translation>
            <numerusform>%n photo; scaled down and stored on the device.</numerusform>
            <numerusform>%n photos; scaled down and stored on the device.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="318"/>
        <source>Dokumen: %1</source>
        <translation>Document: %1</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="319"/>
        <source>Dokumen pendukung (opsional)</source>
        <translation>Supporting document (optional)</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="324"/>
        <source>Ganti</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="324"/>
        <source>Lampirkan</source>
        <translation>Attach</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="333"/>
        <source>Sertakan lokasi saya</source>
        <translation>Include my location</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="340"/>
        <source>Lokasi tercatat dan terlihat oleh Ketua Tim.</source>
        <translation>Location recorded; the team lead can see it.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="341"/>
        <source>Lokasi belum tersedia. Kegiatan tetap bisa disimpan tanpa lokasi.</source>
        <translation>No location yet. The activity can be saved without one.</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="360"/>
        <source>Simpan draf</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../qml/ActivityFormPage.qml" line="368"/>
        <source>Kirim</source>
        <translation>Send</translation>
    </message>
</context>
<context>
    <name>AppraisalPage</name>
    <message>
        <location filename="../qml/AppraisalPage.qml" line="12"/>
        <source>Penilaian Kinerja</source>
        <translation>Performance rating</translation>
    </message>
    <message>
        <location filename="../qml/AppraisalPage.qml" line="40"/>
        <source>Evaluasi</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <location filename="../qml/AppraisalPage.qml" line="66"/>
        <source>Belum ada kegiatan untuk dinilai</source>
        <translation>Nothing to rate yet</translation>
    </message>
    <message>
        <location filename="../qml/AppraisalPage.qml" line="67"/>
        <source>Kegiatan pegawai yang Anda nilai muncul di sini setelah disetujui Ketua Tim.</source>
        <translation>Activities of the people you appraise appear here once their team lead approves them.</translation>
    </message>
</context>
<context>
    <name>CameraCapture</name>
    <message>
        <location filename="../qml/CameraCapture.qml" line="60"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DateTimeField</name>
    <message>
        <location filename="../qml/DateTimeField.qml" line="27"/>
        <source>Tulis tanggal sebagai hh/bb/tttt dan jam sebagai jj:mm, misalnya 15/03/2023 08:00.</source>
        <translation>Write the date as dd/mm/yyyy and the time as hh:mm, e.g. 15/03/2023 08:00.</translation>
    </message>
    <message>
        <location filename="../qml/DateTimeField.qml" line="53"/>
        <source>hh/bb/tttt</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../qml/DateTimeField.qml" line="63"/>
        <source>jj:mm</source>
        <translation>hh:mm</translation>
    </message>
</context>
<context>
    <name>EvaluationPage</name>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="15"/>
        <source>Evaluasi Triwulan</source>
        <translation>Quarterly evaluation</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="18"/>
        <source>Di atas ekspektasi</source>
        <translation>Above expectations</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="19"/>
        <source>Sesuai ekspektasi</source>
        <translation>As expected</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="20"/>
        <source>Di bawah ekspektasi</source>
        <translation>Below expectations</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="75"/>
        <source>NIP %1</source>
        <translation>NIP %1</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="84"/>
        <source>Tahun</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="96"/>
        <source>Triwulan</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="120"/>
        <source>Rating hasil kerja</source>
        <translation>Work result rating</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="138"/>
        <source>Rating perilaku kerja</source>
        <translation>Work behaviour rating</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="196"/>
        <source>Predikat kinerja</source>
        <translation>Performance predicate</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="203"/>
        <source>Pilih kedua rating</source>
        <translation>Choose both ratings</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="214"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="156"/>
        <source>Catatan untuk pegawai</source>
        <translation>Note for the employee</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="166"/>
        <source>Umpan balik dan hal yang perlu ditingkatkan (opsional)</source>
        <translation>Feedback and points to improve (optional)</translation>
    </message>
    <message>
        <location filename="../qml/EvaluationPage.qml" line="218"/>
        <source>Evaluasi tersimpan dan akan dikirim.</source>
        <translation>Evaluation saved; it will be sent.</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="16"/>
        <source>Umpan Balik</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="27"/>
        <source>Umpan balik belum bisa disimpan.</source>
        <translation>The feedback could not be saved.</translation>
    </message>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="109"/>
        <source>Belum ada umpan balik</source>
        <translation>No feedback yet</translation>
    </message>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="110"/>
        <source>Tulis catatan pertama di bawah. Pegawai melihatnya setelah sinkron.</source>
        <translation>Write the first note below. The employee sees it after syncing.</translation>
    </message>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="134"/>
        <source>Tulis umpan balik…</source>
        <translation>Write feedback…</translation>
    </message>
    <message>
        <location filename="../qml/FeedbackPage.qml" line="138"/>
        <source>Kirim</source>
        <translation>Send</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location filename="../qml/InboxPage.qml" line="13"/>
        <source>Persetujuan Tim</source>
        <translation>Team approvals</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="26"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="26"/>
        <source>Pilih</source>
        <translation>Select</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/InboxPage.qml" line="72"/>
        <source>%n kegiatan disetujui.</source>
        <translation>
            <numerusform>%n activity approved.</numerusform>
            <numerusform>%n activities approved.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="73"/>
        <source>%1 dari %2 disetujui. %3</source>
        <translation>%1 of %2 approved. %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/InboxPage.qml" line="113"/>
        <source>%n kegiatan menunggu keputusan Anda</source>
        <translation>
            <numerusform>%n activity awaits your decision</numerusform>
            <numerusform>%n activities await your decision</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="114"/>
        <source>Semua kegiatan sudah diputuskan</source>
        <translation>Every activity has been decided</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="141"/>
        <source>Kotak masuk kosong</source>
        <translation>Inbox empty</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="142"/>
        <source>Kegiatan anggota tim muncul di sini setelah mereka mengirim dan perangkat ini sinkron.</source>
        <translation>Team members' activities appear here once they send them and this device syncs.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/InboxPage.qml" line="158"/>
        <source>Setujui %n kegiatan</source>
        <translation>
            <numerusform>Approve %n activity</numerusform>
            <numerusform>Approve %n activities</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="159"/>
        <source>Centang kegiatan yang akan disetujui</source>
        <translation>Tick the activities to approve</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="194"/>
        <source>Pilih kegiatan di sebelah kiri</source>
        <translation>Choose an activity on the left</translation>
    </message>
    <message>
        <location filename="../qml/InboxPage.qml" line="195"/>
        <source>Foto, uraian dan lokasinya tampil di sini.</source>
        <translation>Its photos, description and location appear here.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../src/labels.cpp" line="63"/>
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="64"/>
        <source>Menunggu kirim</source>
        <translation>Queued</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="65"/>
        <source>Mengunggah</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="66"/>
        <source>Terkirim</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="67"/>
        <source>Dikembalikan</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="68"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="69"/>
        <source>Gagal</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="80"/>
        <source>Sangat Baik</source>
        <translation>Very good</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="81"/>
        <source>Baik</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="82"/>
        <source>Butuh Perbaikan</source>
        <translation>Needs improvement</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="83"/>
        <source>Kurang/Misconduct</source>
        <translation>Poor/Misconduct</translation>
    </message>
    <message>
        <location filename="../src/labels.cpp" line="84"/>
        <source>Sangat Kurang</source>
        <translation>Very poor</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../qml/LoginPage.qml" line="12"/>
        <location filename="../qml/LoginPage.qml" line="154"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="19"/>
        <source>Isi NIP dan kata sandi.</source>
        <translation>Enter your NIP and password.</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="28"/>
        <source>Kata sandi tidak cocok dengan sesi terakhir di perangkat ini.</source>
        <translation>The password does not match the last session on this device.</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="65"/>
        <source>Jejak Kinerja</source>
        <translation>Jejak Kinerja</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="72"/>
        <source>Catat kegiatan dan bukti foto, juga tanpa sinyal. Terkirim ke Ketua Tim saat daring.</source>
        <translation>Log activities and photo evidence, even without a signal. They reach your team lead once online.</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="93"/>
        <location filename="../qml/LoginPage.qml" line="101"/>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="106"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="114"/>
        <source>NIP (18 digit)</source>
        <translation>NIP (18 digits)</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="121"/>
        <location filename="../qml/LoginPage.qml" line="131"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="138"/>
        <source>Sembunyikan</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="138"/>
        <source>Lihat</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="154"/>
        <source>Menghubungkan…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="182"/>
        <source>Tidak ada sinyal?</source>
        <translation>No signal?</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="187"/>
        <source>NIP %1 terakhir masuk di perangkat ini. Buka dengan kata sandi yang sama; kegiatan dikirim nanti saat daring.</source>
        <translation>NIP %1 last logged in on this device. Open the app with the same password; activities are sent once online.</translation>
    </message>
    <message>
        <location filename="../qml/LoginPage.qml" line="195"/>
        <source>Buka tanpa sinyal</source>
        <translation>Open offline</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="16"/>
        <source>Jejak Kinerja</source>
        <translation>Jejak Kinerja</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="27"/>
        <source>Kegiatan Saya</source>
        <translation>My activities</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="28"/>
        <source>Progres SKP</source>
        <translation>SKP progress</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="30"/>
        <source>Persetujuan Tim</source>
        <translation>Team approvals</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="32"/>
        <source>Penilaian Kinerja</source>
        <translation>Performance rating</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="33"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="218"/>
        <source>NIP %1</source>
        <translation>NIP %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="225"/>
        <source>Anggota tim</source>
        <translation>Team member</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="227"/>
        <source>Ketua Tim</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="229"/>
        <source>Pejabat Penilai Kinerja</source>
        <translation>Appraiser</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../qml/PhotoViewer.qml" line="76"/>
        <source>Foto belum bisa dimuat. Foto diunduh saat perangkat daring.</source>
        <translation>The photo cannot be shown yet. Photos download when the device is online.</translation>
    </message>
    <message>
        <location filename="../qml/PhotoViewer.qml" line="100"/>
        <source>Foto %1 dari %2</source>
        <translation>Photo %1 of %2</translation>
    </message>
</context>
<context>
    <name>PickerField</name>
    <message>
        <location filename="../qml/PickerField.qml" line="16"/>
        <source>Tidak ada pilihan.</source>
        <translation>Nothing to choose.</translation>
    </message>
    <message>
        <location filename="../qml/PickerField.qml" line="98"/>
        <source>Cari…</source>
        <translation>Search…</translation>
    </message>
    <message>
        <location filename="../qml/PickerField.qml" line="124"/>
        <source>Satuan: %1</source>
        <translation>Unit: %1</translation>
    </message>
    <message>
        <location filename="../qml/PickerField.qml" line="138"/>
        <source>Tidak ada yang cocok dengan pencarian.</source>
        <translation>Nothing matches the search.</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../qml/ProgressPage.qml" line="13"/>
        <source>Progres SKP</source>
        <translation>SKP progress</translation>
    </message>
    <message>
        <location filename="../qml/ProgressPage.qml" line="26"/>
        <source>SKP saya</source>
        <translation>My SKP</translation>
    </message>
    <message>
        <location filename="../qml/ProgressPage.qml" line="30"/>
        <source>Tim saya</source>
        <translation>My teams</translation>
    </message>
    <message>
        <location filename="../qml/ProgressPage.qml" line="88"/>
        <source>%1 dari %2 %3</source>
        <translation>%1 of %2 %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ProgressPage.qml" line="109"/>
        <source>+%n menunggu persetujuan</source>
        <translation>
            <numerusform>+%n awaiting approval</numerusform>
            <numerusform>+%n awaiting approval</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ProgressPage.qml" line="119"/>
        <source>Belum ada target</source>
        <translation>No targets yet</translation>
    </message>
    <message>
        <location filename="../qml/ProgressPage.qml" line="120"/>
        <source>Butir SKP dan targetnya muncul setelah sinkron pertama.</source>
        <translation>SKP items and their targets appear after the first sync.</translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <location filename="../qml/RatingPage.qml" line="15"/>
        <source>Nilai Kegiatan</source>
        <translation>Rate activity</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="27"/>
        <source>Nilai tersimpan.</source>
        <translation>Rating saved.</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="128"/>
        <source>Nilai kegiatan</source>
        <translation>Activity score</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="145"/>
        <source>Kualitas substansi</source>
        <translation>Quality of substance</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="146"/>
        <source>Isi dan mutu hasil kerja</source>
        <translation>Content and quality of the work</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="154"/>
        <source>Kesesuaian dengan rencana</source>
        <translation>Fit with the plan</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="155"/>
        <source>Sejalan dengan butir SKP dan ekspektasi</source>
        <translation>In line with the SKP item and expectations</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="163"/>
        <source>Sistematika</source>
        <translation>Structure</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="164"/>
        <source>Runtut, lengkap dan rapi</source>
        <translation>Orderly, complete and tidy</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="178"/>
        <source>Umpan balik untuk butir SKP ini</source>
        <translation>Feedback on this SKP item</translation>
    </message>
    <message>
        <location filename="../qml/RatingPage.qml" line="195"/>
        <source>Simpan nilai</source>
        <translation>Save rating</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../qml/ReasonDialog.qml" line="42"/>
        <source>Tulis di sini</source>
        <translation>Write here</translation>
    </message>
    <message>
        <location filename="../qml/ReasonDialog.qml" line="48"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../qml/SettingsPage.qml" line="11"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="21"/>
        <source>Keluar?</source>
        <translation>Log out?</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/SettingsPage.qml" line="27"/>
        <source>Masih ada %n kegiatan yang belum terkirim. Kegiatan itu tetap tersimpan di perangkat dan dikirim saat Anda masuk lagi.</source>
        <translation>
            <numerusform>%n activity has not been sent yet. It stays on the device and is sent when you log in again.</numerusform>
            <numerusform>%n activities have not been sent yet. They stay on the device and are sent when you log in again.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="28"/>
        <source>Anda bisa masuk lagi kapan saja.</source>
        <translation>You can log in again at any time.</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="46"/>
        <source>Akun</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="49"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="53"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="57"/>
        <source>Peran</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="59"/>
        <source>Anggota tim</source>
        <translation>Team member</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="61"/>
        <source>Ketua Tim</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="63"/>
        <source>Pejabat Penilai Kinerja</source>
        <translation>Appraiser</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="68"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="73"/>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="93"/>
        <source>Keluar</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="30"/>
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="31"/>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="31"/>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/SyncStatusBar.qml" line="36"/>
        <source>%n menunggu dikirim</source>
        <translation>
            <numerusform>%n waiting to send</numerusform>
            <numerusform>%n waiting to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="38"/>
        <source>Semua terkirim</source>
        <translation>All sent</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="40"/>
        <source>%1 dari %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="42"/>
        <source>sinkron %1</source>
        <translation>synced %1</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="44"/>
        <source>belum pernah sinkron</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../qml/SyncStatusBar.qml" line="100"/>
        <source>Sinkronkan</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>WorkflowChip</name>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="12"/>
        <source>Menunggu keputusan</source>
        <translation>Awaiting decision</translation>
    </message>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="13"/>
        <source>Disetujui</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="14"/>
        <source>Dikembalikan</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="15"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="16"/>
        <source>Ditarik</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../qml/WorkflowChip.qml" line="17"/>
        <source>Sudah dinilai</source>
        <translation>Rated</translation>
    </message>
</context>
</TS>
