// SPDX-License-Identifier: Apache-2.0
// What an empty list shows: a symbol, a title and what to do next.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: empty
    property string symbol: "○"
    property string title
    property string hint

    spacing: 8
    width: Math.min(parent ? parent.width - 48 : 300, 420)

    Label {
        Layout.alignment: Qt.AlignHCenter
        text: empty.symbol
        font.pixelSize: 48
        color: "#9E9E9E"
    }
    Label {
        Layout.fillWidth: true
        text: empty.title
        font.pixelSize: 18
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
    }
    Label {
        Layout.fillWidth: true
        text: empty.hint
        visible: text !== ""
        color: "#616161"
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
    }
}
