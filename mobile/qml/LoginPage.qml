// SPDX-License-Identifier: Apache-2.0
// Login: server address, NIP and password. The session is remembered; the last user can open the app
// offline with the same password.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

Page {
    id: page
    title: qsTr("Masuk")
    property bool busy: false
    property string message: ""

    function login() {
        message = "";
        if (nipField.text.length === 0 || passwordField.text.length === 0) {
            message = qsTr("Isi NIP dan kata sandi.");
            return;
        }
        busy = true;
        App.login(serverField.text.trim(), nipField.text.trim(), passwordField.text);
    }
    function unlock() {
        message = "";
        if (!App.unlockOffline(passwordField.text))
            message = qsTr("Kata sandi tidak cocok dengan sesi terakhir di perangkat ini.");
    }

    Connections {
        target: App
        function onLoginFinished(ok, text) {
            page.busy = false;
            if (!ok)
                page.message = text;
        }
    }

    background: Rectangle {
        gradient: Gradient {
            GradientStop { position: 0.0; color: "#00695C" }
            GradientStop { position: 0.45; color: "#00897B" }
            GradientStop { position: 0.4501; color: "#F5F5F5" }
            GradientStop { position: 1.0; color: "#F5F5F5" }
        }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 48
        clip: true

        ColumnLayout {
            id: column
            width: Math.min(parent.width - 32, 440)
            x: (parent.width - width) / 2
            y: 24
            spacing: 16

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                Label {
                    text: qsTr("Jejak Kinerja")
                    color: "white"
                    font.pixelSize: 28
                    font.bold: true
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Catat kegiatan dan bukti foto, juga tanpa sinyal. Terkirim ke Ketua Tim saat daring.")
                    color: "#E0F2F1"
                    wrapMode: Text.Wrap
                }
            }

            Pane {
                Layout.fillWidth: true
                Material.elevation: 4
                padding: 20
                background: Rectangle {
                    radius: 12
                    color: "white"
                }

                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 4

                    Label {
                        text: qsTr("Alamat server")
                        font.pixelSize: 13
                        color: "#616161"
                    }
                    TextField {
                        id: serverField
                        objectName: "serverField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Alamat server")
                        text: App.serverUrl !== "" ? App.serverUrl : "http://127.0.0.1:8080"
                        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    }
                    Label {
                        text: qsTr("NIP")
                        font.pixelSize: 13
                        color: "#616161"
                    }
                    TextField {
                        id: nipField
                        objectName: "nipField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("NIP (18 digit)")
                        text: App.lastNip
                        maximumLength: 18
                        inputMethodHints: Qt.ImhDigitsOnly
                        validator: RegularExpressionValidator { regularExpression: /[0-9]{0,18}/ }
                    }
                    Label {
                        text: qsTr("Kata sandi")
                        font.pixelSize: 13
                        color: "#616161"
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        TextField {
                            id: passwordField
                            objectName: "passwordField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("Kata sandi")
                            echoMode: showPassword.checked ? TextInput.Normal : TextInput.Password
                            onAccepted: page.login()
                        }
                        ToolButton {
                            id: showPassword
                            checkable: true
                            text: checked ? qsTr("Sembunyikan") : qsTr("Lihat")
                            font.pixelSize: 12
                        }
                    }
                    Label {
                        objectName: "loginMessage"
                        Layout.fillWidth: true
                        visible: page.message !== ""
                        text: page.message
                        color: "#C62828"
                        wrapMode: Text.Wrap
                    }
                    Button {
                        objectName: "loginButton"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 52
                        text: page.busy ? qsTr("Menghubungkan…") : qsTr("Masuk")
                        enabled: !page.busy
                        highlighted: true
                        onClicked: page.login()
                    }
                    BusyIndicator {
                        Layout.alignment: Qt.AlignHCenter
                        visible: page.busy
                        running: page.busy
                    }
                }
            }

            Pane {
                Layout.fillWidth: true
                visible: App.canUnlockOffline
                padding: 16
                background: Rectangle {
                    radius: 12
                    color: "#FFF8E1"
                    border.color: "#FFE082"
                }
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Tidak ada sinyal?")
                        font.bold: true
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("NIP %1 terakhir masuk di perangkat ini. Buka dengan kata sandi yang sama; kegiatan dikirim nanti saat daring.")
                              .arg(App.lastNip)
                        wrapMode: Text.Wrap
                        color: "#5D4037"
                    }
                    Button {
                        objectName: "unlockButton"
                        Layout.fillWidth: true
                        text: qsTr("Buka tanpa sinyal")
                        enabled: passwordField.text.length > 0
                        onClicked: page.unlock()
                    }
                }
            }
        }
    }
}
