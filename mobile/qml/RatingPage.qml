// SPDX-License-Identifier: Apache-2.0
// Rating one approved activity on three criteria (1-100 each); the value is their mean and is shown as the
// sliders move.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

Page {
    id: page
    property var activity: ({})
    property alias form: rating
    title: qsTr("Nilai Kegiatan")

    function errorOf(field) {
        return rating.errors[field] !== undefined ? String(rating.errors[field]) : "";
    }
    readonly property bool complete: rating.substance >= 1 && rating.fit >= 1 && rating.systematic >= 1
    // Messages not about one criterion (e.g. the activity is no longer approved).
    readonly property string generalError: Object.keys(rating.errors).filter(function(key) {
        return ["substance", "fit", "systematic"].indexOf(key) < 0;
    }).map(function(key) { return String(rating.errors[key]); }).join("\n")
    function save() {
        if (rating.submit()) {
            toast.show(qsTr("Nilai tersimpan."));
            if (page.StackView.view)
                page.StackView.view.pop();
        }
    }

    RatingForm {
        id: rating
        activityId: page.activity.activityId !== undefined ? page.activity.activityId : ""
    }
    Toast {
        id: toast
    }
    Component.onCompleted: {
        var given = activity.rating;
        if (given !== undefined && given.value !== undefined) {
            rating.substance = given.substance;
            rating.fit = given.fit;
            rating.systematic = given.systematic;
        }
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollIndicator.vertical: ScrollIndicator {}

        ColumnLayout {
            id: column
            width: Math.min(flick.width - 32, 640)
            x: (flick.width - width) / 2
            y: 16
            spacing: 12

            Label {
                Layout.fillWidth: true
                text: page.activity.authorName !== undefined ? page.activity.authorName : ""
                color: Material.primaryColor
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: page.activity.name !== undefined ? page.activity.name : ""
                font.pixelSize: 18
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: page.activity.skpItemName !== undefined ? page.activity.skpItemName : ""
                color: "#616161"
                font.pixelSize: 13
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: page.activity.start !== undefined
                      ? Fmt.range(page.activity.start, page.activity.end, App.language) + "  ·  "
                        + Fmt.quantity(page.activity.outputQuantity, App.language) + " " + page.activity.outputUnit
                      : ""
                color: "#616161"
                font.pixelSize: 13
            }
            Flow {
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: page.activity.photos !== undefined ? page.activity.photos : []
                    delegate: Image {
                        required property string modelData
                        required property int index
                        width: 72
                        height: 72
                        source: Fmt.thumb(modelData)
                        sourceSize.width: 144
                        sourceSize.height: 144
                        fillMode: Image.PreserveAspectCrop
                        asynchronous: true
                        TapHandler {
                            onTapped: page.StackView.view.push(Qt.resolvedUrl("PhotoViewer.qml"),
                                                               { photos: page.activity.photos, index: index })
                        }
                    }
                }
            }

            Pane {
                objectName: "valueCard"
                Layout.fillWidth: true
                padding: 16
                background: Rectangle {
                    radius: 12
                    color: "#E0F2F1"
                }
                RowLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Nilai kegiatan")
                        font.bold: true
                        color: "#004D40"
                    }
                    Label {
                        objectName: "valueLabel"
                        text: page.complete ? Fmt.number(rating.value, 1, App.language) : "–"
                        font.pixelSize: 32
                        font.bold: true
                        color: "#00695C"
                    }
                }
            }

            CriterionInput {
                objectName: "substance"
                Layout.fillWidth: true
                label: qsTr("Kualitas substansi")
                hint: qsTr("Isi dan mutu hasil kerja")
                value: rating.substance
                error: page.errorOf("substance")
                onEdited: function(value) { rating.substance = value; }
            }
            CriterionInput {
                objectName: "fit"
                Layout.fillWidth: true
                label: qsTr("Kesesuaian dengan rencana")
                hint: qsTr("Sejalan dengan butir SKP dan ekspektasi")
                value: rating.fit
                error: page.errorOf("fit")
                onEdited: function(value) { rating.fit = value; }
            }
            CriterionInput {
                objectName: "systematic"
                Layout.fillWidth: true
                label: qsTr("Sistematika")
                hint: qsTr("Runtut, lengkap dan rapi")
                value: rating.systematic
                error: page.errorOf("systematic")
                onEdited: function(value) { rating.systematic = value; }
            }
            FieldError {
                objectName: "ratingError"
                text: page.generalError
            }

            Button {
                objectName: "feedbackButton"
                Layout.fillWidth: true
                flat: true
                text: qsTr("Umpan balik untuk butir SKP ini")
                visible: page.activity.skpItemId !== undefined && page.activity.skpItemId !== ""
                onClicked: page.StackView.view.push(Qt.resolvedUrl("FeedbackPage.qml"),
                                                    { skpItemId: page.activity.skpItemId,
                                                      skpItemName: page.activity.skpItemName })
            }
        }
    }

    footer: Pane {
        padding: 8
        Material.elevation: 4
        Button {
            objectName: "saveRating"
            anchors.left: parent.left
            anchors.right: parent.right
            height: 52
            text: qsTr("Simpan nilai")
            highlighted: true
            onClicked: page.save()
        }
    }
}
