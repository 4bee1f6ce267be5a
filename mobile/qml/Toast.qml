// SPDX-License-Identifier: Apache-2.0
// A short confirmation at the bottom of the window that goes away by itself.
import QtQuick
import QtQuick.Controls

Popup {
    id: toast
    property alias text: label.text

    function show(message) {
        label.text = message;
        open();
        timer.restart();
    }

    parent: Overlay.overlay
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? parent.height - height - 72 : 0
    width: Math.min(label.implicitWidth + 40, parent ? parent.width - 32 : 320)
    padding: 12
    closePolicy: Popup.CloseOnPressOutside
    background: Rectangle {
        radius: 8
        color: "#323232"
    }

    Label {
        id: label
        width: parent.width
        color: "white"
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
    }
    Timer {
        id: timer
        interval: 3000
        onTriggered: toast.close()
    }
}
