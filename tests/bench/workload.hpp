// SPDX-License-Identifier: Apache-2.0
// The benchmark workload: valid activities of the reference data's employees, in non-overlapping time slots.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/routing.hpp"
#include "jejak/shared/time.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jejak::bench {

/// What one author's benchmark activities cite: a team and an SKP item with which validation accepts them
/// (no error, no Unlinked flag when a linked choice exists), and where they are routed.
struct AuthorProfile {
    std::string nip;
    std::optional<std::string> teamId;
    std::optional<std::string> skpItemId;
    std::string outputUnit; ///< the SKP item's unit (validation compares it)
    std::string task;       ///< a task of the author's membership: the activity's name
    shared::Route route;
    /// Who sees a submission in their change feed: the author, the validator and the ketua of the team
    /// (architecture.md section 4), each once.
    std::vector<std::string> audiences;
};

/// Activities for a load run, made on any thread.
///
/// Each author's activities fill consecutive slots of `slotLength` (lasting `slotLength - 1 min`) forward
/// in time from `serverStart - 29 days`, so they never overlap and lie inside the late window (30 days)
/// of a server whose clock starts at `serverStart`. When an author's slots run out (about 13 900 per
/// author with 3-minute slots) they start again from the first, and later activities are flagged as
/// overlapping but still accepted. Invariant: the slot counters only grow; each call of makeActivity()
/// takes a slot no other call took (until the wrap-around).
class Workload {
  public:
    /// Profiles of every active employee of `bundle` for whom some team/SKP item choice passes validation
    /// on the window's dates (those for whom none does are left out). InvalidArgument when none is left or
    /// slotLength is under two minutes.
    [[nodiscard]] static shared::Result<Workload> create(const shared::Bundle& bundle, shared::Timestamp serverStart,
                                                         std::chrono::minutes slotLength = std::chrono::minutes(3));

    [[nodiscard]] const std::vector<AuthorProfile>& authors() const noexcept { return m_authors; }

    /// A new activity (revision 1) of author `author` (index into authors()) with one photo, in that
    /// author's next free slot. `randA`/`randB` seed its UUIDv7 id. Thread-safe.
    [[nodiscard]] shared::Activity makeActivity(std::size_t author, const shared::EvidenceRef& photo,
                                                std::uint64_t randA, std::uint64_t randB) const;

  private:
    Workload(std::vector<AuthorProfile> authors, shared::Timestamp windowStart, std::chrono::minutes slotLength,
             std::int64_t slots);

    std::vector<AuthorProfile> m_authors;
    shared::Timestamp m_windowStart;
    std::chrono::minutes m_slotLength;
    std::int64_t m_slots; ///< slots per author in the window
    /// Next slot per author; shared by copies of this Workload (a copy continues the same sequence).
    std::shared_ptr<std::vector<std::atomic<std::int64_t>>> m_nextSlot;
};

/// A 64-bit mix (splitmix64): cheap deterministic randomness for ids and test images.
[[nodiscard]] std::uint64_t mix64(std::uint64_t x) noexcept;

} // namespace jejak::bench
