# SPDX-License-Identifier: Apache-2.0
# The demo accounts (sourced by demo.sh, screenshots.sh and the QML tests' runner):
# role | NIP | password (demo only: the server listens on loopback).
# shellcheck disable=SC2034
accounts=(
    "Pegawai (anggota PAK)|199312012017031018|demo-pegawai"
    "Anggota PAK, Ketua Tim PIA|198410082009021003|demo-ketua-pia"
    "Ketua Tim PAK|198605122010031004|demo-ketua-pak"
    "Pejabat Penilai Kinerja (Kepala Bidang)|197608212001031005|demo-penilai"
    "Admin kepegawaian|199210232017031022|demo-admin"
)
