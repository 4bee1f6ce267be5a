// SPDX-License-Identifier: Apache-2.0
// Profile, language and logout (with a warning when activities are still waiting to be sent).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    title: qsTr("Pengaturan")

    Dialog {
        id: logoutDialog
        objectName: "logoutDialog"
        parent: Overlay.overlay
        modal: true
        x: (parent.width - width) / 2
        y: (parent.height - height) / 3
        width: Math.min(parent.width - 32, 420)
        title: qsTr("Keluar?")
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label {
            width: logoutDialog.availableWidth
            wrapMode: Text.Wrap
            text: App.queuedCount > 0
                  ? qsTr("Masih ada %n kegiatan yang belum terkirim. Kegiatan itu tetap tersimpan di perangkat dan dikirim saat Anda masuk lagi.", "", App.queuedCount)
                  : qsTr("Anda bisa masuk lagi kapan saja.")
        }
        onAccepted: App.logout()
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true

        ColumnLayout {
            id: column
            width: Math.min(parent.width - 32, 560)
            x: (parent.width - width) / 2
            y: 16
            spacing: 12

            SectionTitle {
                text: qsTr("Akun")
            }
            DetailRow {
                label: qsTr("Nama")
                value: App.name
            }
            DetailRow {
                label: qsTr("NIP")
                value: App.nip
            }
            DetailRow {
                label: qsTr("Peran")
                value: {
                    var roles = [qsTr("Anggota tim")];
                    if (App.isKetua)
                        roles.push(qsTr("Ketua Tim"));
                    if (App.isAppraiser)
                        roles.push(qsTr("Pejabat Penilai Kinerja"));
                    return roles.join(", ");
                }
            }
            DetailRow {
                label: qsTr("Server")
                value: App.serverUrl
            }

            SectionTitle {
                text: qsTr("Bahasa")
            }
            RadioButton {
                objectName: "languageId"
                text: "Bahasa Indonesia"
                checked: App.language === "id"
                onClicked: App.setLanguage("id")
            }
            RadioButton {
                objectName: "languageEn"
                text: "English"
                checked: App.language === "en"
                onClicked: App.setLanguage("en")
            }

            Button {
                objectName: "logoutButton"
                Layout.fillWidth: true
                Layout.topMargin: 24
                Layout.preferredHeight: 52
                text: qsTr("Keluar")
                Material.foreground: "#B71C1C"
                onClicked: logoutDialog.open()
            }
        }
    }
}
