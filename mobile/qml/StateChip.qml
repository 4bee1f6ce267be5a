// SPDX-License-Identifier: Apache-2.0
// A small rounded label in a state's colour (sync state, workflow state, predicate).
import QtQuick
import QtQuick.Controls

Rectangle {
    id: chip
    property string text
    property color tint: "#616161"
    property bool filled: false

    implicitWidth: label.implicitWidth + 20
    implicitHeight: 26
    radius: height / 2
    color: filled ? tint : Qt.rgba(tint.r, tint.g, tint.b, 0.12)
    border.color: tint
    border.width: filled ? 0 : 1

    Label {
        id: label
        anchors.centerIn: parent
        text: chip.text
        color: chip.filled ? "white" : chip.tint
        font.pixelSize: 12
        font.bold: true
    }
}
