// SPDX-License-Identifier: Apache-2.0
// Full-size evidence photos: pinch or wheel to zoom, drag to pan, double tap to fit, arrows between photos.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Page {
    id: page
    property var photos: []
    property int index: 0
    readonly property real zoom: image.scale
    property alias image: image

    function fit() {
        image.scale = 1;
        image.x = 0;
        image.y = 0;
    }
    function zoomBy(factor) {
        image.scale = Math.max(1, Math.min(8, image.scale * factor));
        if (image.scale === 1)
            fit();
    }
    function show(newIndex) {
        index = (newIndex + photos.length) % photos.length;
        fit();
    }

    background: Rectangle { color: "#101010" }

    Item {
        id: viewport
        anchors.fill: parent
        clip: true

        Image {
            id: image
            objectName: "photo"
            width: viewport.width
            height: viewport.height
            source: page.photos.length > 0 ? page.photos[page.index] : ""
            fillMode: Image.PreserveAspectFit
            asynchronous: true
            smooth: true
            mipmap: true
            transformOrigin: Item.Center

            PinchHandler {
                minimumScale: 1
                maximumScale: 8
                minimumRotation: 0
                maximumRotation: 0
                onActiveChanged: if (!active && image.scale <= 1) page.fit()
            }
            DragHandler {
                enabled: image.scale > 1
            }
            WheelHandler {
                acceptedDevices: PointerDevice.Mouse | PointerDevice.TouchPad
                onWheel: function(event) { page.zoomBy(event.angleDelta.y > 0 ? 1.25 : 0.8); }
            }
            TapHandler {
                onDoubleTapped: image.scale > 1 ? page.fit() : page.zoomBy(2.5)
            }
        }

        BusyIndicator {
            anchors.centerIn: parent
            running: image.status === Image.Loading
        }
        Label {
            anchors.centerIn: parent
            width: parent.width - 48
            visible: image.status === Image.Error
            text: qsTr("Foto belum bisa dimuat. Foto diunduh saat perangkat daring.")
            color: "white"
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }
    }

    footer: Pane {
        padding: 4
        background: Rectangle { color: "#CC000000" }
        Material.theme: Material.Dark
        RowLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            ToolButton {
                text: "‹"
                font.pixelSize: 26
                enabled: page.photos.length > 1
                onClicked: page.show(page.index - 1)
            }
            Label {
                objectName: "photoCounter"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Foto %1 dari %2").arg(page.index + 1).arg(page.photos.length)
                color: "white"
            }
            ToolButton {
                objectName: "zoomOut"
                text: "−"
                font.pixelSize: 22
                onClicked: page.zoomBy(0.8)
            }
            ToolButton {
                objectName: "zoomIn"
                text: "+"
                font.pixelSize: 22
                onClicked: page.zoomBy(1.25)
            }
            ToolButton {
                text: "›"
                font.pixelSize: 26
                enabled: page.photos.length > 1
                onClicked: page.show(page.index + 1)
            }
        }
    }
}
