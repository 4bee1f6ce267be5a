// SPDX-License-Identifier: Apache-2.0
// The domain model (domain.md section 5), as plain value types. Rules live in their own headers
// (validation.hpp, routing.hpp, review.hpp, rating.hpp, nip.hpp); JSON in codec.hpp.
//
// Identifiers are strings. Reference data imported from a bundle may use readable ids ("team-pak",
// "iku-4.1"); records created on a device (activities, reviews, ratings, feedback) carry a UUIDv7 made by
// the device, so they can be created offline without collisions. Employees are keyed by NIP.
#pragma once

#include "jejak/shared/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jejak::shared {

//---- Organisation

/// Kind of government instance (PermenPANRB 7/2022 Pasal 1(8)-(9)).
enum class InstansiKind { Kementerian, Lpnk, KesekretariatanLembagaNegara, KesekretariatanLns, PemdaProvinsi, PemdaKabKota };

/// Whom an activity without a team goes to (Pasal 16: the Pimpinan Unit Organisasi; regional variants such
/// as Perwali Pasuruan 41/2023 let the appraiser assign and review first).
enum class IndividualRoute { UnitHead, Appraiser };

/// Per-instance rules. Defaults are the product's; an instance overrides them in its bundle.
struct Policy {
    bool allowUnlinked = true;                       ///< activities without an SKP item accepted (flagged)
    IndividualRoute individualRoute = IndividualRoute::UnitHead;
    std::int64_t clockSkewSeconds = 300;             ///< tolerance for device clocks ahead of the server
    std::int64_t lateWindowDays = 30;                ///< an activity may be submitted this long after it ended
    std::int64_t maxPhotoBytes = 10 * 1024 * 1024;   ///< per photo
    std::int64_t maxAttachmentBytes = 20 * 1024 * 1024; ///< per document attachment

    friend bool operator==(const Policy&, const Policy&) = default;
};

struct Instansi {
    std::string id;
    std::string name;
    InstansiKind kind = InstansiKind::PemdaKabKota;
    std::string region;
    int utcOffsetMinutes = 7 * 60;  ///< local time of the instance: WIB 420, WITA 480, WIT 540
    Policy policy;

    friend bool operator==(const Instansi&, const Instansi&) = default;
};

/// A unit of organisation (tree). `kind` is the instance's own word (Bidang, Dinas, Bagian, UPT, ...).
struct Unit {
    std::string id;
    std::string instansiId;
    std::optional<std::string> parentId;
    std::string name;
    std::string kind;
    int level = 1;                       ///< structure level 1..4 (2-level structures use 1 and 2)
    std::optional<std::string> model;    ///< regional model label, e.g. "Model 3" (Perwali Pasuruan)

    friend bool operator==(const Unit&, const Unit&) = default;
};

enum class JabatanJenis { JptMadya, JptPratama, Administrator, Pengawas, Pelaksana, Fungsional };

/// A position (jabatan) in a unit's Peta Jabatan.
struct Position {
    std::string id;
    std::string unitId;
    std::string title;                   ///< e.g. "Analis Kepegawaian Ahli Muda", "Kepala Bidang"
    JabatanJenis jenis = JabatanJenis::Pelaksana;
    std::optional<std::string> jenjang;  ///< JF ladder step: "Ahli Muda", "Terampil", ...

    friend bool operator==(const Position&, const Position&) = default;
};

enum class EmployeeStatus { Pns, Pppk };

struct Employee {
    std::string nip;                     ///< 18 digits, see nip.hpp
    std::string name;
    EmployeeStatus status = EmployeeStatus::Pns;
    std::string pangkatGolongan;         ///< e.g. "Penata/III.c"; empty for PPPK without one
    std::string positionId;
    bool active = true;

    friend bool operator==(const Employee&, const Employee&) = default;
};

/// Kedudukan: where an employee is placed (set by the Pejabat Pembina Kepegawaian). At most one placement
/// of an employee is valid on any date.
struct Placement {
    std::string id;
    std::string nip;
    std::string unitId;
    Date validFrom{};
    std::optional<Date> validTo;         ///< inclusive; open-ended when absent
    std::string decreeRef;

    friend bool operator==(const Placement&, const Placement&) = default;
};

/// The relations that vary by unit and region (domain.md 2.3), bound per unit to a person. A role is
/// resolved for an employee by walking from their placement unit up the tree to the nearest binding.
enum class Role {
    Appraiser,          ///< Pejabat Penilai Kinerja: rates; the direct superior (R3)
    UnitHead,           ///< Pimpinan Unit Organisasi: assigns, receives individual work (Pasal 16)
    Finaliser,          ///< declares results finished (Level 1 / Kepala Unit Organisasi)
    AppointedValidator, ///< validator appointed by the superior for unlinked activities (ASN Squad rule)
    Admin,              ///< kepegawaian administrator of the instance (imports, users, reports)
};

struct RoleBinding {
    std::string id;
    std::string unitId;
    Role role = Role::Appraiser;
    std::string nip;
    std::string label;                   ///< the local title for this role, e.g. "Kepala Bidang"
    Date validFrom{};
    std::optional<Date> validTo;

    friend bool operator==(const RoleBinding&, const RoleBinding&) = default;
};

//---- Targets and SKP

/// Level of a node in the performance tree: PK sasaran and IKU, team targets, and SKP items hang below.
enum class TargetLevel { Renstra, SasaranStrategis, Iku, SubIku, Team };

/// A node of the performance tree (cascade). Team targets are owned by a team; the others by a unit.
struct PerformanceTarget {
    std::string id;
    std::optional<std::string> parentId; ///< the target this one cascades from (intervenes)
    TargetLevel level = TargetLevel::Iku;
    std::string code;                    ///< "SS.2", "IKU.4.1", "PAK-1"
    std::string statement;
    std::string indicator;
    std::string unit;                    ///< measure: "Laporan", "Indeks", "Persentase", ...
    double targetValue = 0;
    int year = 0;
    std::string perspective;             ///< balanced-scorecard perspective, e.g. "Customer" (may be empty)
    std::optional<std::string> ownerUnitId;
    std::optional<std::string> ownerTeamId;

    friend bool operator==(const PerformanceTarget&, const PerformanceTarget&) = default;
};

enum class SkpStatus { Draft, Submitted, Approved };

/// Sasaran Kinerja Pegawai: one per employee and period, agreed with the appraiser.
struct Skp {
    std::string id;
    std::string nip;
    std::string appraiserNip;
    Date periodStart{};
    Date periodEnd{};                      ///< inclusive
    SkpStatus status = SkpStatus::Draft;
    std::optional<Date> approvedOn;      ///< tanggal penetapan

    friend bool operator==(const Skp&, const Skp&) = default;
};

/// Rencana Hasil Kerja: one row of an SKP, cascading from a target (required: Lamp.II.B.3 a.2).
struct SkpItem {
    std::string id;
    std::string skpId;
    std::string parentTargetId;
    std::string statement;
    std::string indicator;
    double targetQuantity = 0;
    std::string quantityUnit;            ///< the unit activity outputs must use ("Laporan"); empty = any

    friend bool operator==(const SkpItem&, const SkpItem&) = default;
};

//---- Teams

enum class InstrumentKind { SuratTugas, SkTimKerja };

/// The letter that mandates a team or a membership.
struct Instrument {
    InstrumentKind kind = InstrumentKind::SuratTugas;
    std::string number;                  ///< "800/123/423.101/2023"
    Date date{};

    friend bool operator==(const Instrument&, const Instrument&) = default;
};

/// Tim Kerja (pokja). The Ketua is a membership role, optional (R9).
struct Team {
    std::string id;
    std::string code;                    ///< "PAK"
    std::string name;
    std::string ownerUnitId;             ///< unit pemilik kinerja
    Instrument instrument;
    Date periodStart{};
    Date periodEnd{};                      ///< inclusive
    std::vector<std::string> tasks;

    friend bool operator==(const Team&, const Team&) = default;
};

enum class TeamRole { Ketua, Wakil, Anggota };

/// A dated membership. A person may hold many (anggota here, ketua there); a team has at most one
/// active Ketua on any date.
struct Membership {
    std::string id;
    std::string teamId;
    std::string nip;
    TeamRole role = TeamRole::Anggota;
    Date validFrom{};
    std::optional<Date> validTo;         ///< inclusive
    std::vector<std::string> tasks;

    friend bool operator==(const Membership&, const Membership&) = default;
};

//---- Activities and evidence

enum class EvidenceKind { Photo, Attachment };

/// Field names of evidence references on the wire (BlobKey metadata, style.md P8).
inline constexpr const char* kDigestProperty = "sha256";
inline constexpr const char* kLengthProperty = "size";
inline constexpr const char* kContentTypeProperty = "mediaType";

/// A content-addressed evidence file: the blob is uploaded separately and named by its SHA-256.
struct EvidenceRef {
    std::string sha256;                  ///< 64 lowercase hex digits
    std::int64_t size = 0;               ///< bytes
    std::string mediaType;               ///< "image/jpeg", "image/png", "application/pdf", ...
    EvidenceKind kind = EvidenceKind::Photo;
    std::optional<Timestamp> capturedAt;

    friend bool operator==(const EvidenceRef&, const EvidenceRef&) = default;
};

/// Device location at capture time, recorded only with the user's permission.
struct GeoLocation {
    double latitude = 0;
    double longitude = 0;
    double accuracyMeters = 0;

    friend bool operator==(const GeoLocation&, const GeoLocation&) = default;
};

/// An activity as the author writes it. Workflow state is the server's (ActivityState, review.hpp).
/// A returned activity is revised under the same id with revision + 1; decisions name the revision.
struct Activity {
    std::string id;                      ///< UUIDv7 made on the device
    int revision = 1;
    std::string nip;                     ///< author
    std::string name;                    ///< nama aktivitas
    std::optional<std::string> teamId;
    std::optional<std::string> skpItemId;
    double outputQuantity = 0;
    std::string outputUnit;
    Timestamp start{};
    Timestamp end{};
    std::string description;             ///< keterangan, at most 300 code points
    std::optional<GeoLocation> location;
    std::vector<EvidenceRef> evidence;
    Timestamp createdAt{};                 ///< device clock, informational only

    friend bool operator==(const Activity&, const Activity&) = default;
};

//---- Review, rating, feedback

/// Server-decided workflow state of an activity (architecture.md section 6).
enum class ActivityState { Submitted, Approved, Returned, Rejected, Withdrawn, Rated };

enum class Decision { Approve, Return, Reject };

/// A validator's decision on one revision of an activity.
struct Review {
    std::string id;
    std::string activityId;
    int revision = 1;                    ///< the revision the reviewer saw; a mismatch is stale
    std::string reviewerNip;
    Decision decision = Decision::Approve;
    std::string note;                    ///< required for Return and Reject
    Timestamp decidedAt{};

    friend bool operator==(const Review&, const Review&) = default;
};

/// The three criteria of the TRK rating page, each 1..100 ("Nilai IKI").
struct IkiScores {
    int substance = 0;                   ///< kedalaman substansi laporan
    int expectationFit = 0;              ///< kesesuaian pelaporan dengan yang diharapkan
    int systematic = 0;                  ///< sistematis pelaporan

    friend bool operator==(const IkiScores&, const IkiScores&) = default;
};

/// The appraiser's rating of one approved activity.
struct Rating {
    std::string id;
    std::string activityId;
    std::string appraiserNip;
    IkiScores scores;
    Timestamp ratedAt{};

    friend bool operator==(const Rating&, const Rating&) = default;
};

/// PermenPANRB 6/2022 rating of results or behaviour.
enum class Expectation { Below, Meets, Above };

/// Predicate (kuadran kinerja) derived from the two ratings by the matrix in rating.hpp.
enum class Predicate { SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang };

/// Quarterly evaluation of one employee by their appraiser (with the ketua's inputs as notes).
struct Evaluation {
    std::string id;
    std::string nip;
    std::string appraiserNip;
    int year = 0;
    int quarter = 1;                     ///< 1..4
    Expectation resultRating = Expectation::Meets;    ///< rating hasil kerja
    Expectation behaviourRating = Expectation::Meets; ///< rating perilaku kerja
    Predicate predicate = Predicate::Baik;            ///< derived; stored for the record
    std::string note;
    Timestamp evaluatedAt{};

    friend bool operator==(const Evaluation&, const Evaluation&) = default;
};

/// One message of the continuous-feedback thread (umpan balik berkelanjutan) of an SKP item.
struct Feedback {
    std::string id;
    std::string skpItemId;
    std::string authorNip;
    std::string text;
    Timestamp postedAt{};

    friend bool operator==(const Feedback&, const Feedback&) = default;
};

//---- Reference data bundle

/// All reference data of one or more instances: what an import loads and a client caches offline.
/// File format: docs/bundle-format.md. Integrity rules: bundle.hpp.
struct Bundle {
    std::vector<Instansi> instansi;
    std::vector<Unit> units;
    std::vector<Position> positions;
    std::vector<Employee> employees;
    std::vector<Placement> placements;
    std::vector<RoleBinding> roleBindings;
    std::vector<PerformanceTarget> targets;
    std::vector<Skp> skps;
    std::vector<SkpItem> skpItems;
    std::vector<Team> teams;
    std::vector<Membership> memberships;

    friend bool operator==(const Bundle&, const Bundle&) = default;
};

} // namespace jejak::shared
