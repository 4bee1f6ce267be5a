// SPDX-License-Identifier: Apache-2.0
// The benchmark workload: author profiles found by running validation over the bundle, and their activities.
#include "workload.hpp"

#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/shared/validation.hpp"

#include <algorithm>
#include <utility>

namespace jejak::bench {

using shared::Activity;
using shared::Timestamp;

namespace {

constexpr auto kWindowBack = std::chrono::days(29);    // inside the default 30-day late window
constexpr auto kWindowEndGap = std::chrono::minutes(10); // the last activity ends this long before the start
constexpr std::string_view kDefaultTask = "Kegiatan harian";
constexpr std::string_view kDefaultUnit = "Kegiatan";

/// A made-up photo reference: enough for validation without a blob store.
shared::EvidenceRef probePhoto() {
    shared::EvidenceRef ref;
    ref.sha256 = std::string(64, 'a');
    ref.size = 100'000;
    ref.mediaType = "image/jpeg";
    ref.kind = shared::EvidenceKind::Photo;
    return ref;
}

Activity activityAt(const AuthorProfile& author, Timestamp start, std::chrono::minutes slot,
                    const shared::EvidenceRef& photo, std::int64_t number, std::uint64_t randA, std::uint64_t randB) {
    Activity a;
    a.id = shared::makeUuidV7(start, randA, randB);
    a.revision = 1;
    a.nip = author.nip;
    a.name = author.task;
    a.teamId = author.teamId;
    a.skpItemId = author.skpItemId;
    a.outputQuantity = 1;
    a.outputUnit = author.outputUnit;
    a.start = start;
    a.end = start + slot - std::chrono::minutes(1);
    a.description = "Uji beban: kegiatan nomor " + std::to_string(number) + ", bukti foto terlampir";
    a.location = shared::GeoLocation{-8.6705, 115.2126, 12.5};
    shared::EvidenceRef evidence = photo;
    evidence.capturedAt = start + std::chrono::seconds(30);
    a.evidence.push_back(std::move(evidence));
    a.createdAt = a.end + std::chrono::seconds(30);
    return a;
}

/// The ketua of `teamId` on the local date `day`, when the team has one.
std::optional<std::string> ketuaOf(const shared::DomainView& view, const std::string& teamId, shared::Date day) {
    for (const auto& m : view.teamMemberships(teamId)) {
        if (m.role == shared::TeamRole::Ketua && m.validFrom <= day && (!m.validTo || day <= *m.validTo))
            return m.nip;
    }
    return std::nullopt;
}

/// The UTC offset of the employee's instansi (employee -> position -> unit -> instansi); 0 when unknown.
int utcOffsetOf(const shared::DomainView& view, const shared::Employee& employee) {
    const auto position = view.position(employee.positionId);
    const auto unit = position ? view.unit(position->unitId) : std::nullopt;
    const auto instansi = unit ? view.instansi(unit->instansiId) : std::nullopt;
    return instansi ? instansi->utcOffsetMinutes : 0;
}

/// The author's (team, SKP item) choices, linked ones first.
std::vector<std::pair<std::optional<std::string>, std::optional<shared::SkpItem>>>
candidatesOf(const shared::Bundle& bundle, const shared::DomainView& view, const std::string& nip) {
    std::vector<std::optional<std::string>> teams;
    for (const auto& m : view.membershipsOf(nip))
        teams.emplace_back(m.teamId);
    teams.emplace_back(std::nullopt);
    std::vector<std::optional<shared::SkpItem>> items;
    for (const auto& skp : bundle.skps) {
        if (skp.nip != nip)
            continue;
        for (const auto& item : bundle.skpItems) {
            if (item.skpId == skp.id)
                items.emplace_back(item);
        }
    }
    items.emplace_back(std::nullopt);
    std::vector<std::pair<std::optional<std::string>, std::optional<shared::SkpItem>>> out;
    for (const auto& item : items) {
        for (const auto& team : teams)
            out.emplace_back(team, item);
    }
    return out;
}

} // namespace

std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

Workload::Workload(std::vector<AuthorProfile> authors, Timestamp windowStart, std::chrono::minutes slotLength,
                   std::int64_t slots)
    : m_authors(std::move(authors))
    , m_windowStart(windowStart)
    , m_slotLength(slotLength)
    , m_slots(slots)
    , m_nextSlot(std::make_shared<std::vector<std::atomic<std::int64_t>>>(m_authors.size())) {}

shared::Result<Workload> Workload::create(const shared::Bundle& bundle, Timestamp serverStart,
                                          std::chrono::minutes slotLength) {
    if (slotLength < std::chrono::minutes(2))
        return shared::Error(shared::ErrorCode::InvalidArgument, "slotLength", "slots last at least 2 minutes");
    const Timestamp windowStart = serverStart - kWindowBack;
    const std::int64_t slots = (kWindowBack - kWindowEndGap) / slotLength;
    const Timestamp lastSlot = windowStart + slotLength * (slots - 1);

    const shared::InMemoryDomain domain(bundle);
    const shared::FixedClock clock(serverStart);
    const shared::EvidenceRef photo = probePhoto();
    std::vector<AuthorProfile> authors;
    for (const auto& employee : bundle.employees) {
        for (const auto& [team, item] : candidatesOf(bundle, domain, employee.nip)) {
            AuthorProfile p;
            p.nip = employee.nip;
            p.teamId = team;
            p.task = std::string(kDefaultTask);
            p.outputUnit = std::string(kDefaultUnit);
            if (item) {
                p.skpItemId = item->id;
                if (!item->quantityUnit.empty())
                    p.outputUnit = item->quantityUnit;
            }
            if (team) {
                for (const auto& m : domain.membershipsOf(employee.nip)) {
                    if (m.teamId == *team && !m.tasks.empty())
                        p.task = m.tasks.front();
                }
            }
            const auto first = shared::validateActivity(activityAt(p, windowStart, slotLength, photo, 0, 1, 1),
                                                        domain, clock);
            const auto last =
                shared::validateActivity(activityAt(p, lastSlot, slotLength, photo, 0, 1, 1), domain, clock);
            if (!first.ok() || !last.ok() || !first.route || !last.route || !(*first.route == *last.route))
                continue;
            p.route = *first.route;
            p.audiences = {p.nip, p.route.validatorNip};
            if (team) {
                if (auto ketua = ketuaOf(domain, *team, shared::localDate(lastSlot, utcOffsetOf(domain, employee))))
                    p.audiences.push_back(*ketua);
            }
            std::sort(p.audiences.begin(), p.audiences.end());
            p.audiences.erase(std::unique(p.audiences.begin(), p.audiences.end()), p.audiences.end());
            authors.push_back(std::move(p));
            break;
        }
    }
    if (authors.empty())
        return shared::Error(shared::ErrorCode::InvalidArgument, "bundle",
                             "no employee of the bundle can submit a valid activity in the window");
    return Workload(std::move(authors), windowStart, slotLength, slots);
}

Activity Workload::makeActivity(std::size_t author, const shared::EvidenceRef& photo, std::uint64_t randA,
                                std::uint64_t randB) const {
    const std::int64_t number = (*m_nextSlot)[author].fetch_add(1, std::memory_order_relaxed);
    const Timestamp start = m_windowStart + m_slotLength * (number % m_slots);
    return activityAt(m_authors[author], start, m_slotLength, photo, number, randA, randB);
}

} // namespace jejak::bench
