// SPDX-License-Identifier: Apache-2.0
// Taking a photo with the device camera (Qt Multimedia). Loaded by the activity form through a Loader, so a
// device without the multimedia module still gets the file picker. `available` is false without a camera;
// the camera itself is only created while the viewfinder is open.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia

Item {
    id: capture
    readonly property bool available: devices.videoInputs.length > 0
    signal captured(url file)

    function open() {
        popup.open();
    }

    MediaDevices {
        id: devices
    }

    Popup {
        id: popup
        parent: Overlay.overlay
        width: parent.width
        height: parent.height
        padding: 0
        modal: true
        background: Rectangle { color: "black" }

        Loader {
            anchors.fill: parent
            active: popup.opened
            sourceComponent: Item {
                CaptureSession {
                    camera: Camera {
                        active: true
                    }
                    imageCapture: ImageCapture {
                        id: imageCapture
                        onImageSaved: function(requestId, path) {
                            capture.captured("file://" + path);
                            popup.close();
                        }
                    }
                    videoOutput: viewfinder
                }
                VideoOutput {
                    id: viewfinder
                    anchors.fill: parent
                    fillMode: VideoOutput.PreserveAspectFit
                }
                RowLayout {
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottomMargin: 24
                    spacing: 32
                    Button {
                        text: qsTr("Batal")
                        onClicked: popup.close()
                    }
                    RoundButton {
                        width: 72
                        height: 72
                        text: "●"
                        font.pixelSize: 28
                        enabled: imageCapture.readyForCapture
                        onClicked: imageCapture.captureToFile("")
                    }
                }
            }
        }
    }
}
