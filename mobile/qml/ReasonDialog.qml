// SPDX-License-Identifier: Apache-2.0
// Asks for the note of a return or the reason of a rejection; a decision without one is not possible.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Dialog {
    id: dialog
    property string hint
    property string acceptText
    property alias text: area.text
    signal submitted(string text)

    function ask() {
        area.text = "";
        open();
        area.forceActiveFocus();
    }

    parent: Overlay.overlay
    modal: true
    x: (parent.width - width) / 2
    y: Math.max(16, (parent.height - height) / 3)
    width: Math.min(parent.width - 24, 480)

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 8
        Label {
            Layout.fillWidth: true
            text: dialog.hint
            wrapMode: Text.Wrap
            color: "#616161"
        }
        TextArea {
            id: area
            objectName: "reasonText"
            Layout.fillWidth: true
            Layout.minimumHeight: 96
            wrapMode: TextEdit.Wrap
            placeholderText: qsTr("Tulis di sini")
        }
    }

    footer: DialogButtonBox {
        Button {
            text: qsTr("Batal")
            flat: true
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "reasonAccept"
            text: dialog.acceptText
            enabled: area.text.trim() !== ""
            highlighted: true
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
    }
    onAccepted: submitted(area.text.trim())
}
