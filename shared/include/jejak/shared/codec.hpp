// SPDX-License-Identifier: Apache-2.0
// The strict JSON codec of every domain entity (model.hpp), the bundle file, and JSON text parsing.
//
// Wire convention: field names are the C++ member names; enums are their wire names (json_fields.hpp
// WireEnum); Date is "YYYY-MM-DD"; Timestamp is RFC 3339 with an offset (written in UTC); std::optional
// members may be omitted or null (the encoder omits them); vectors are arrays; every other field is
// required. Instansi.policy and each of its fields may be omitted (defaults of model.hpp Policy).
//
// Value checks made here: JSON types, integers being integral and in range, enum names, dates, instants,
// canonical UUIDs for the ids of records made on devices (Activity, Review, Rating, Evaluation, Feedback)
// and for references to activities, SHA-256 digests of evidence, and the bundle's format and version.
// Domain rules (lengths, score ranges, references between records) are validation's and bundle.hpp's.
//
// Decoding (json_fields.hpp): decode<T>(json) gives the first problem; decodeAll(json, out, problems)
// collects every problem with its JSON path, e.g. "skpItems[3].parentTargetId".
#pragma once

#include "jejak/shared/json_fields.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/text.hpp"
#include "jejak/shared/uuid.hpp"

#include <span>
#include <string_view>

namespace jejak::shared {

/// Parses JSON text (RFC 8259, UTF-8, one value and nothing after it but whitespace). On failure the error
/// is JsonMalformed and its message names the byte offset at which the text stopped making sense. Objects
/// nest at most 32 deep. A key repeated within one object keeps its last value (Boost.JSON's behaviour).
[[nodiscard]] Result<boost::json::value> parseJson(std::string_view text);

namespace json {
/// Ids of records made on devices, and references to them.
inline constexpr TextRule kUuidText{&isUuid, "a canonical lowercase UUID"};
/// Evidence and blob digests.
inline constexpr TextRule kSha256Text{&isSha256Hex, "a SHA-256 digest of 64 lowercase hex digits"};
} // namespace json

/// The bundle file's "format" value and the only "version" this build reads. A bundle of another format
/// or version is reported (BundleVersion) and not decoded further.
inline constexpr std::string_view kBundleFormat = "jejak-bundle";
inline constexpr int kBundleVersion = 1;

//---- Enum wire names (in enumerator order; see json::enumName and json::parseEnum)

[[nodiscard]] std::span<const std::string_view> enumNames(InstansiKind) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(IndividualRoute) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(JabatanJenis) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(EmployeeStatus) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(Role) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(TargetLevel) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(SkpStatus) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(InstrumentKind) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(TeamRole) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(EvidenceKind) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(ActivityState) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(Decision) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(Expectation) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(Predicate) noexcept;

//---- Entities: toJson encodes; fromJson decodes strictly, reporting into the Context (use decode/decodeAll)

// Organisation
[[nodiscard]] boost::json::value toJson(const Policy& v);
void fromJson(const boost::json::value& json, Policy& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Instansi& v);
void fromJson(const boost::json::value& json, Instansi& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Unit& v);
void fromJson(const boost::json::value& json, Unit& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Position& v);
void fromJson(const boost::json::value& json, Position& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Employee& v);
void fromJson(const boost::json::value& json, Employee& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Placement& v);
void fromJson(const boost::json::value& json, Placement& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const RoleBinding& v);
void fromJson(const boost::json::value& json, RoleBinding& out, const json::Context& at);

// Targets and SKP
[[nodiscard]] boost::json::value toJson(const PerformanceTarget& v);
void fromJson(const boost::json::value& json, PerformanceTarget& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Skp& v);
void fromJson(const boost::json::value& json, Skp& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const SkpItem& v);
void fromJson(const boost::json::value& json, SkpItem& out, const json::Context& at);

// Teams
[[nodiscard]] boost::json::value toJson(const Instrument& v);
void fromJson(const boost::json::value& json, Instrument& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Team& v);
void fromJson(const boost::json::value& json, Team& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Membership& v);
void fromJson(const boost::json::value& json, Membership& out, const json::Context& at);

// Activities and evidence
[[nodiscard]] boost::json::value toJson(const EvidenceRef& v);
void fromJson(const boost::json::value& json, EvidenceRef& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const GeoLocation& v);
void fromJson(const boost::json::value& json, GeoLocation& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Activity& v);
void fromJson(const boost::json::value& json, Activity& out, const json::Context& at);

// Review, rating, feedback
[[nodiscard]] boost::json::value toJson(const Review& v);
void fromJson(const boost::json::value& json, Review& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const IkiScores& v);
void fromJson(const boost::json::value& json, IkiScores& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Rating& v);
void fromJson(const boost::json::value& json, Rating& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Evaluation& v);
void fromJson(const boost::json::value& json, Evaluation& out, const json::Context& at);
[[nodiscard]] boost::json::value toJson(const Feedback& v);
void fromJson(const boost::json::value& json, Feedback& out, const json::Context& at);

// Reference data bundle: {"format": "jejak-bundle", "version": 1, "instansi": [...], ...}; every
// collection key is required (possibly an empty array).
[[nodiscard]] boost::json::value toJson(const Bundle& v);
void fromJson(const boost::json::value& json, Bundle& out, const json::Context& at);

} // namespace jejak::shared
