// SPDX-License-Identifier: Apache-2.0
// checkBundle(): the integrity rules of a reference-data bundle, each problem reported once.
#include "jejak/shared/bundle.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace jejak::shared {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

/// Id (or NIP) -> position of the first record that carries it. Views point into the checked bundle.
using Index = std::unordered_map<std::string_view, std::size_t>;

std::string quoted(std::string_view id) {
    std::string s;
    s.reserve(id.size() + 2);
    s += '\'';
    s += id;
    s += '\'';
    return s;
}

/// "<collection>[<id>].<field>", the field convention of every bundle error.
std::string fieldPath(std::string_view collection, std::string_view id, std::string_view field) {
    std::string p(collection);
    p += '[';
    p += id;
    p += "].";
    p += field;
    return p;
}

/// The shape of a NIP only (18 decimal digits); the meaning of the digits is nip.hpp's to check.
bool hasNipShape(std::string_view nip) {
    return nip.size() == 18 &&
           std::all_of(nip.begin(), nip.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Date endOf(const std::optional<Date>& validTo) {
    return validTo ? *validTo : Date::max();
}

/// A dated record for the overlap rules: [from, to] inclusive, `to` = Date::max() when open-ended.
struct Span {
    Date from;
    Date to;
    std::size_t record;
};

/// One run of the rules over one bundle. Holds views into the bundle, so it must not outlive it.
class Checker {
  public:
    explicit Checker(const Bundle& bundle)
        : m_b(bundle) {}

    std::vector<Error> run() {
        indexAll();
        checkReferences();
        checkCycles();
        checkInvariants();
        return std::move(m_errors);
    }

  private:
    void report(ErrorCode code, std::string field, std::string message) {
        m_errors.emplace_back(code, std::move(field), std::move(message));
    }

    //---- Ids

    template <typename T, typename Key>
    Index index(const std::vector<T>& records, std::string_view collection, Key key,
                bool keyedByNip = false) {
        const std::string_view keyField = keyedByNip ? "nip" : "id";
        Index idx;
        idx.reserve(records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            const std::string_view id = key(records[i]);
            if (id.empty()) {
                // An empty NIP is reported by the NIP shape rule.
                if (!keyedByNip)
                    report(ErrorCode::BundleInvariant, fieldPath(collection, id, keyField),
                           "record " + std::to_string(i) + " of " + std::string(collection) +
                               " has an empty id");
                continue;
            }
            const auto [it, inserted] = idx.emplace(id, i);
            if (!inserted)
                report(ErrorCode::BundleDuplicateId, fieldPath(collection, id, keyField),
                       std::string(keyField) + " " + quoted(id) + " is used by records " +
                           std::to_string(it->second) + " and " + std::to_string(i) + " of " +
                           std::string(collection));
        }
        return idx;
    }

    void indexAll() {
        const auto byId = [](const auto& r) -> std::string_view { return r.id; };
        m_instansi = index(m_b.instansi, "instansi", byId);
        m_units = index(m_b.units, "units", byId);
        m_positions = index(m_b.positions, "positions", byId);
        m_employees = index(
            m_b.employees, "employees", [](const Employee& e) -> std::string_view { return e.nip; }, true);
        m_placements = index(m_b.placements, "placements", byId);
        m_roleBindings = index(m_b.roleBindings, "roleBindings", byId);
        m_targets = index(m_b.targets, "targets", byId);
        m_skps = index(m_b.skps, "skps", byId);
        m_skpItems = index(m_b.skpItems, "skpItems", byId);
        m_teams = index(m_b.teams, "teams", byId);
        m_memberships = index(m_b.memberships, "memberships", byId);
    }

    //---- References

    /// Reports `value` when `target` has no record with that key. `noun` names one record of `target`.
    void ref(std::string_view collection, std::string_view id, std::string_view field, std::string_view value,
             const Index& target, std::string_view noun) {
        if (target.find(value) != target.end())
            return;
        const std::string_view key = noun == "employee" ? "NIP " : "id ";
        report(ErrorCode::BundleDanglingReference, fieldPath(collection, id, field),
               "no " + std::string(noun) + " has " + std::string(key) + quoted(value));
    }

    void optionalRef(std::string_view collection, std::string_view id, std::string_view field,
                     const std::optional<std::string>& value, const Index& target, std::string_view noun) {
        if (value)
            ref(collection, id, field, *value, target, noun);
    }

    void checkReferences() {
        for (const Unit& u : m_b.units) {
            ref("units", u.id, "instansiId", u.instansiId, m_instansi, "instansi");
            optionalRef("units", u.id, "parentId", u.parentId, m_units, "unit");
        }
        for (const Position& p : m_b.positions)
            ref("positions", p.id, "unitId", p.unitId, m_units, "unit");
        for (const Employee& e : m_b.employees)
            ref("employees", e.nip, "positionId", e.positionId, m_positions, "position");
        for (const Placement& p : m_b.placements) {
            ref("placements", p.id, "nip", p.nip, m_employees, "employee");
            ref("placements", p.id, "unitId", p.unitId, m_units, "unit");
        }
        for (const RoleBinding& r : m_b.roleBindings) {
            ref("roleBindings", r.id, "unitId", r.unitId, m_units, "unit");
            ref("roleBindings", r.id, "nip", r.nip, m_employees, "employee");
        }
        for (const PerformanceTarget& t : m_b.targets) {
            optionalRef("targets", t.id, "parentId", t.parentId, m_targets, "target");
            optionalRef("targets", t.id, "ownerUnitId", t.ownerUnitId, m_units, "unit");
            optionalRef("targets", t.id, "ownerTeamId", t.ownerTeamId, m_teams, "team");
        }
        for (const Skp& s : m_b.skps) {
            ref("skps", s.id, "nip", s.nip, m_employees, "employee");
            ref("skps", s.id, "appraiserNip", s.appraiserNip, m_employees, "employee");
        }
        for (const SkpItem& i : m_b.skpItems) {
            ref("skpItems", i.id, "skpId", i.skpId, m_skps, "SKP");
            ref("skpItems", i.id, "parentTargetId", i.parentTargetId, m_targets, "target");
        }
        for (const Team& t : m_b.teams)
            ref("teams", t.id, "ownerUnitId", t.ownerUnitId, m_units, "unit");
        for (const Membership& m : m_b.memberships) {
            ref("memberships", m.id, "teamId", m.teamId, m_teams, "team");
            ref("memberships", m.id, "nip", m.nip, m_employees, "employee");
        }
    }

    //---- Trees

    /// Position of each record's parent; kNone for a root or a dangling parent.
    template <typename T>
    static std::vector<std::size_t> parentLinks(const std::vector<T>& records, const Index& idx) {
        std::vector<std::size_t> parent(records.size(), kNone);
        for (std::size_t i = 0; i < records.size(); ++i) {
            if (!records[i].parentId)
                continue;
            if (const auto it = idx.find(*records[i].parentId); it != idx.end())
                parent[i] = it->second;
        }
        return parent;
    }

    /// Reports every loop of the parent links once, at its record with the smallest id.
    template <typename T>
    void checkAcyclic(const std::vector<T>& records, const std::vector<std::size_t>& parent,
                      std::string_view collection, std::string_view noun) {
        enum class Mark : unsigned char { New, OnPath, Done };
        std::vector<Mark> mark(records.size(), Mark::New);
        std::vector<std::size_t> path;
        for (std::size_t start = 0; start < records.size(); ++start) {
            path.clear();
            std::size_t node = start;
            while (node != kNone && mark[node] == Mark::New) {
                mark[node] = Mark::OnPath;
                path.push_back(node);
                node = parent[node];
            }
            if (node != kNone && mark[node] == Mark::OnPath) {
                std::vector<std::size_t> loop(std::find(path.begin(), path.end(), node), path.end());
                const auto smallest =
                    std::min_element(loop.begin(), loop.end(), [&](std::size_t a, std::size_t b) {
                        return records[a].id < records[b].id;
                    });
                std::rotate(loop.begin(), smallest, loop.end());
                std::string chain;
                for (const std::size_t n : loop)
                    chain += quoted(records[n].id) + " -> ";
                chain += quoted(records[loop.front()].id);
                report(ErrorCode::BundleCycle, fieldPath(collection, records[loop.front()].id, "parentId"),
                       "the " + std::string(noun) + " parent chain loops: " + chain);
            }
            for (const std::size_t n : path)
                mark[n] = Mark::Done;
        }
    }

    void checkCycles() {
        m_unitParent = parentLinks(m_b.units, m_units);
        m_targetParent = parentLinks(m_b.targets, m_targets);
        checkAcyclic(m_b.units, m_unitParent, "units", "unit");
        checkAcyclic(m_b.targets, m_targetParent, "targets", "target");
    }

    //---- Model rules

    void checkUnitInstansi() {
        for (std::size_t i = 0; i < m_b.units.size(); ++i) {
            if (m_unitParent[i] == kNone)
                continue;
            const Unit& unit = m_b.units[i];
            const Unit& parent = m_b.units[m_unitParent[i]];
            // A dangling instansi is reported as such; comparing it would report the same fault twice.
            if (unit.instansiId == parent.instansiId || !m_instansi.contains(unit.instansiId) ||
                !m_instansi.contains(parent.instansiId))
                continue;
            report(ErrorCode::BundleInvariant, fieldPath("units", unit.id, "parentId"),
                   "parent unit " + quoted(parent.id) + " belongs to instansi " + quoted(parent.instansiId) +
                       ", not " + quoted(unit.instansiId));
        }
    }

    void checkOrder(std::string_view collection, std::string_view id, std::string_view fromField, Date from,
                    std::string_view toField, Date to) {
        if (to >= from)
            return;
        report(ErrorCode::BundleInvariant, fieldPath(collection, id, toField),
               std::string(toField) + " " + formatDate(to) + " is before " + std::string(fromField) + " " +
                   formatDate(from));
    }

    /// Calls `clash(later, earlier, day)` for every span of a group that starts while an earlier one of
    /// the same group is still valid; `day` is the first date both hold. Inverted spans take no part.
    template <typename Clash>
    static void sweepOverlaps(std::unordered_map<std::string_view, std::vector<Span>>& groups, Clash clash) {
        for (auto& [key, spans] : groups) {
            std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
                return a.from != b.from ? a.from < b.from : a.record < b.record;
            });
            const Span* latest = nullptr; // the span reaching furthest so far
            for (const Span& s : spans) {
                if (latest && s.from <= latest->to)
                    clash(key, s.record, latest->record, s.from);
                if (!latest || s.to > latest->to)
                    latest = &s;
            }
        }
    }

    /// Appends the errors of one overlap rule in record order (the groups are unordered).
    void appendByRecord(std::vector<std::pair<std::size_t, Error>> found) {
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [record, error] : found)
            m_errors.push_back(std::move(error));
    }

    void checkPlacements() {
        std::unordered_map<std::string_view, std::vector<Span>> byEmployee;
        for (std::size_t i = 0; i < m_b.placements.size(); ++i) {
            const Placement& p = m_b.placements[i];
            checkOrder("placements", p.id, "validFrom", p.validFrom, "validTo", endOf(p.validTo));
            if (endOf(p.validTo) >= p.validFrom)
                byEmployee[p.nip].push_back({p.validFrom, endOf(p.validTo), i});
        }
        std::vector<std::pair<std::size_t, Error>> found;
        sweepOverlaps(byEmployee, [&](std::string_view nip, std::size_t later, std::size_t earlier,
                                      Date day) {
            const Placement& p = m_b.placements[later];
            found.emplace_back(
                later, Error(ErrorCode::BundleInvariant, fieldPath("placements", p.id, "validFrom"),
                             "employee " + quoted(nip) + " has two placements on " + formatDate(day) + ": " +
                                 quoted(p.id) + " overlaps " + quoted(m_b.placements[earlier].id)));
        });
        appendByRecord(std::move(found));
    }

    void checkTargets() {
        for (const PerformanceTarget& t : m_b.targets) {
            if (t.level == TargetLevel::Team && !t.ownerTeamId)
                report(ErrorCode::BundleInvariant, fieldPath("targets", t.id, "ownerTeamId"),
                       "team target " + quoted(t.id) + " has no owner team");
            else if (t.level != TargetLevel::Team && t.ownerTeamId)
                report(ErrorCode::BundleInvariant, fieldPath("targets", t.id, "ownerTeamId"),
                       "target " + quoted(t.id) + " is not a team target but names owner team " +
                           quoted(*t.ownerTeamId));
        }
    }

    void checkSkps() {
        for (const Skp& s : m_b.skps) {
            checkOrder("skps", s.id, "periodStart", s.periodStart, "periodEnd", s.periodEnd);
            if (s.appraiserNip == s.nip)
                report(ErrorCode::BundleInvariant, fieldPath("skps", s.id, "appraiserNip"),
                       "employee " + quoted(s.nip) + " cannot appraise their own SKP");
        }
    }

    /// Whether each target's chain reaches a Perjanjian Kinerja node (SasaranStrategis or Iku).
    enum class Cascade : unsigned char { Unknown, Visiting, Reaches, Stops, Broken };

    Cascade cascadeOf(std::size_t start, std::vector<Cascade>& memo) const {
        std::vector<std::size_t> path;
        std::size_t node = start;
        Cascade result = Cascade::Broken;
        for (;;) {
            if (memo[node] == Cascade::Visiting) { // a loop, reported by the cycle rule
                result = Cascade::Broken;
                break;
            }
            if (memo[node] != Cascade::Unknown) {
                result = memo[node];
                break;
            }
            memo[node] = Cascade::Visiting;
            path.push_back(node);
            const PerformanceTarget& t = m_b.targets[node];
            if (t.level == TargetLevel::SasaranStrategis || t.level == TargetLevel::Iku) {
                result = Cascade::Reaches;
                break;
            }
            if (m_targetParent[node] == kNone) { // a root, or a dangling parent reported as such
                result = t.parentId ? Cascade::Broken : Cascade::Stops;
                break;
            }
            node = m_targetParent[node];
        }
        for (const std::size_t n : path)
            memo[n] = result;
        return result;
    }

    void checkSkpItems() {
        std::vector<Cascade> memo(m_b.targets.size(), Cascade::Unknown);
        for (const SkpItem& item : m_b.skpItems) {
            const auto it = m_targets.find(item.parentTargetId);
            if (it == m_targets.end() || cascadeOf(it->second, memo) != Cascade::Stops)
                continue;
            report(ErrorCode::BundleInvariant, fieldPath("skpItems", item.id, "parentTargetId"),
                   "target " + quoted(item.parentTargetId) +
                       " does not cascade from a sasaran strategis or IKU of a Perjanjian Kinerja");
        }
    }

    void checkMemberships() {
        std::unordered_map<std::string_view, std::vector<Span>> ketuaByTeam;
        for (std::size_t i = 0; i < m_b.memberships.size(); ++i) {
            const Membership& m = m_b.memberships[i];
            checkOrder("memberships", m.id, "validFrom", m.validFrom, "validTo", endOf(m.validTo));
            if (m.role == TeamRole::Ketua && endOf(m.validTo) >= m.validFrom)
                ketuaByTeam[m.teamId].push_back({m.validFrom, endOf(m.validTo), i});
        }
        std::vector<std::pair<std::size_t, Error>> found;
        sweepOverlaps(ketuaByTeam,
                      [&](std::string_view team, std::size_t later, std::size_t earlier, Date day) {
                          const Membership& m = m_b.memberships[later];
                          found.emplace_back(
                              later, Error(ErrorCode::BundleInvariant, fieldPath("memberships", m.id, "role"),
                                           "team " + quoted(team) + " has two ketua on " + formatDate(day) +
                                               ": membership " + quoted(m.id) + " overlaps " +
                                               quoted(m_b.memberships[earlier].id)));
                      });
        appendByRecord(std::move(found));
    }

    void checkInvariants() {
        checkUnitInstansi();
        for (const Employee& e : m_b.employees) {
            if (!hasNipShape(e.nip))
                report(ErrorCode::BundleInvariant, fieldPath("employees", e.nip, "nip"),
                       "NIP " + quoted(e.nip) + " is not 18 decimal digits");
        }
        checkPlacements();
        for (const RoleBinding& r : m_b.roleBindings)
            checkOrder("roleBindings", r.id, "validFrom", r.validFrom, "validTo", endOf(r.validTo));
        checkTargets();
        checkSkps();
        checkSkpItems();
        for (const Team& t : m_b.teams)
            checkOrder("teams", t.id, "periodStart", t.periodStart, "periodEnd", t.periodEnd);
        checkMemberships();
    }

    const Bundle& m_b;
    std::vector<Error> m_errors;
    Index m_instansi, m_units, m_positions, m_employees, m_placements, m_roleBindings, m_targets, m_skps,
        m_skpItems, m_teams, m_memberships;
    std::vector<std::size_t> m_unitParent;   ///< filled by checkCycles(), used by the later rules
    std::vector<std::size_t> m_targetParent; ///< filled by checkCycles(), used by the later rules
};

} // namespace

std::vector<Error> checkBundle(const Bundle& bundle) {
    return Checker(bundle).run();
}

} // namespace jejak::shared
