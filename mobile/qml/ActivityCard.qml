// SPDX-License-Identifier: Apache-2.0
// One activity in a list (my activities, inbox, appraisals): name, SKP item, time, quantity, state chips,
// and what needs attention (the reviewer's note on a returned record, a sync error, flags).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

ItemDelegate {
    id: card
    required property int index
    required property string activityId
    required property string name
    required property string authorName
    required property string teamName
    required property string skpItemName
    required property double outputQuantity
    required property string outputUnit
    required property date start
    required property date end
    required property string syncState
    required property string syncStateLabel
    required property string workflowState
    required property string errorMessage
    required property string reviewNote
    required property var photos
    required property var rating
    required property var flags

    property bool showAuthor: false
    property bool showSync: true
    property bool selectable: false
    property bool selected: false
    property bool current: false
    signal toggled(bool on)

    readonly property color edge: showSync ? Fmt.syncColor(syncState) : Fmt.workflowColor(workflowState)
    readonly property bool needsFix: syncState === "returned" || syncState === "error" || syncState === "rejected"
    // A reviewer's view: this device holds a decision on the activity that is not sent yet.
    readonly property bool decisionQueued: !showSync && (syncState === "queued" || syncState === "uploading")

    width: ListView.view ? ListView.view.width : implicitWidth
    padding: 0
    highlighted: current

    background: Rectangle {
        color: card.current ? "#E0F2F1" : (card.down ? "#F5F5F5" : "white")
        Rectangle {
            width: 5
            height: parent.height
            color: card.edge
        }
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: "#E0E0E0"
        }
    }

    contentItem: RowLayout {
        spacing: 8
        CheckBox {
            objectName: "selectBox"
            visible: card.selectable
            checked: card.selected
            Layout.leftMargin: 8
            onToggled: card.toggled(checked)
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.leftMargin: card.selectable ? 0 : 17
            Layout.rightMargin: 12
            Layout.topMargin: 12
            Layout.bottomMargin: 12
            spacing: 4

            Label {
                Layout.fillWidth: true
                visible: card.showAuthor
                text: card.authorName
                font.pixelSize: 13
                font.bold: true
                color: Material.primaryColor
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: card.name
                font.pixelSize: 16
                font.bold: true
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: card.skpItemName
                visible: text !== ""
                color: "#424242"
                font.pixelSize: 13
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: [Fmt.range(card.start, card.end, App.language),
                       Fmt.quantity(card.outputQuantity, App.language) + " " + card.outputUnit,
                       card.photos.length > 0 ? qsTr("%n foto", "", card.photos.length) : qsTr("tanpa foto")]
                      .join("  ·  ")
                color: "#616161"
                font.pixelSize: 13
                wrapMode: Text.Wrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: 6
                StateChip {
                    visible: card.showSync
                    text: card.syncStateLabel
                    tint: card.edge
                    filled: card.needsFix
                }
                WorkflowChip {
                    visible: !card.decisionQueued && workflow !== ""
                    workflow: card.showSync && card.workflowState === card.syncState ? "" : card.workflowState
                }
                StateChip {
                    visible: card.decisionQueued
                    text: qsTr("Keputusan menunggu dikirim")
                    tint: "#8D6E00"
                }
                StateChip {
                    visible: card.rating !== undefined && card.rating.value !== undefined
                    text: visible ? qsTr("Nilai %1").arg(Fmt.number(card.rating.value, 1, App.language)) : ""
                    tint: "#00695C"
                    filled: true
                }
                StateChip {
                    visible: card.flags.length > 0
                    text: qsTr("⚠ %n catatan", "", card.flags.length)
                    tint: "#8D6E00"
                }
            }
            Label {
                Layout.fillWidth: true
                visible: card.reviewNote !== "" && (card.workflowState === "returned" || card.workflowState === "rejected")
                text: (card.workflowState === "rejected" ? qsTr("Alasan penolakan: ") : qsTr("Perlu diperbaiki: "))
                      + card.reviewNote
                color: "#BF360C"
                font.pixelSize: 14
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                visible: card.errorMessage !== ""
                text: card.errorMessage
                color: "#C62828"
                font.pixelSize: 14
                wrapMode: Text.Wrap
            }
        }
    }
}
