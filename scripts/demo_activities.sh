#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fills a running demo server with a small story through jejak-field devices, so that every screen of the
# mobile app has something to show: the field employee (demo-pegawai) logs six activities with photos, the
# Ketua Tim PAK approves two and returns one with a note (three stay waiting), and the appraiser rates one.
#
#   scripts/demo_activities.sh JEJAK_FIELD SERVER_URL WORK_DIR
#
# WORK_DIR gets the generated JPEG photos and one device directory per person. Needs ImageMagick (convert).
# The devices' clock starts at 2023-03-15 08:00 WITA like the demo server's, so every activity lies before it.
set -euo pipefail
field=$1
server=$2
work=$3
clock=2023-03-15T08:00:00+08:00
mkdir -p "$work/photos"

# Photos: papers on a coloured desk with a caption, 1600x1200 JPEG (like a phone's photo after scaling).
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
photo() { # name colour1 colour2 caption
    convert -size 1600x1200 "gradient:$2-$3" \
        -fill 'rgba(255,255,255,0.92)' -draw 'rotate -4 rectangle 300,220 760,860' \
        -draw 'rotate 3 rectangle 860,200 1320,840' \
        -fill 'rgba(60,60,60,0.35)' -draw 'rotate -4 rectangle 360,300 700,316' \
        -draw 'rotate -4 rectangle 360,360 660,376' -draw 'rotate 3 rectangle 920,280 1260,296' \
        -draw 'rotate 3 rectangle 920,340 1200,356' \
        -gravity south -fill white -font "$font" -pointsize 72 -annotate +0+80 "$4" \
        -quality 85 "$work/photos/$1.jpg"
}
photo arsip1 '#37474F' '#90A4AE' 'Pemindaian arsip SK'
photo arsip2 '#455A64' '#B0BEC5' 'Arsip digital tersimpan'
photo rak '#4E342E' '#BCAAA4' 'Rak arsip ruang 2'
photo loket '#00695C' '#80CBC4' 'Survei di loket layanan'
photo rapat '#283593' '#9FA8DA' 'Rapat tim PAK'
photo verifikasi '#4A148C' '#CE93D8' 'Verifikasi hasil pindai'
photo entri '#BF360C' '#FFAB91' 'Entri metadata arsip'

device() { # person password -> prints the jejak-field command prefix after logging in
    local dir="$work/device-$1"
    printf '%s\n' "$2" | "$field" --data "$dir" --clock-start "$clock" login --server "$server" --nip "$1" >/dev/null
}
run() { # person args...
    local who=$1
    shift
    "$field" --data "$work/device-$who" --clock-start "$clock" "$@"
}

pegawai=199312012017031018
ketua_pak=198605122010031004
penilai=197608212001031005

device "$pegawai" demo-pegawai
new() { # name skp-item quantity unit day start end description photos...
    local name=$1 item=$2 quantity=$3 unit=$4 day=$5 from=$6 to=$7 description=$8
    shift 8
    run "$pegawai" new --name "$name" --team team-pak --skp-item "$item" --quantity "$quantity" --unit "$unit" \
        --start "2023-03-${day}T${from}:00+08:00" --end "2023-03-${day}T${to}:00+08:00" \
        --description "$description" --photo "$@" 2>/dev/null
}
scan=$(new "Pemindaian arsip SK kenaikan pangkat" si-2023-a8-2 40 Dokumen 13 08:00 11:30 \
    "Memindai dan mengunggah 40 SK kenaikan pangkat periode April 2023 ke arsip digital." \
    "$work/photos/arsip1.jpg" "$work/photos/arsip2.jpg")
shelf=$(new "Penataan rak arsip fisik ruang 2" si-2023-a8-2 25 Dokumen 14 08:00 10:00 \
    "Menata ulang 25 berkas arsip fisik pegawai sesuai kode klasifikasi." "$work/photos/rak.jpg")
survey=$(new "Survei kepuasan layanan loket" si-2023-a8-1 1 Indeks 14 13:00 15:00 \
    "Menyebarkan dan merekap kuesioner IKM kepada 30 pengunjung loket layanan kepegawaian." \
    "$work/photos/loket.jpg")
new "Rapat koordinasi Pokja PAK" si-2023-a8-1 1 Indeks 14 10:30 11:30 \
    "Membahas jadwal pemindaian arsip triwulan II bersama Ketua Tim." "$work/photos/rapat.jpg" >/dev/null
new "Verifikasi berkas arsip digital" si-2023-a8-2 12 Dokumen 13 13:00 14:30 \
    "Mencocokkan 12 berkas hasil pindai dengan arsip fisiknya." "$work/photos/verifikasi.jpg" >/dev/null
new "Entri data arsip ke aplikasi kepegawaian" si-2023-a8-2 20 Dokumen 15 06:00 07:30 \
    "Memasukkan metadata 20 berkas arsip digital agar bisa dicari." "$work/photos/entri.jpg" >/dev/null
run "$pegawai" sync >/dev/null

device "$ketua_pak" demo-ketua-pak
run "$ketua_pak" approve "$scan" >/dev/null
run "$ketua_pak" approve "$survey" >/dev/null
run "$ketua_pak" return "$shelf" --note "Tambahkan foto daftar berkas yang sudah ditata." >/dev/null
run "$ketua_pak" sync >/dev/null

device "$penilai" demo-penilai
run "$penilai" rate "$survey" --substance 85 --fit 90 --systematic 80 >/dev/null
run "$penilai" sync >/dev/null
run "$pegawai" sync >/dev/null
echo "demo activities: 6 logged, 2 approved, 1 returned, 1 rated ($work)"
