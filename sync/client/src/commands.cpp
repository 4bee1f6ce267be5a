// SPDX-License-Identifier: Apache-2.0
// The commands of jejak-field: parse the command line, then act on the ClientStore and the SyncEngine.
#include "jejak/field/commands.hpp"

#include "jejak/field/beast_transport.hpp"
#include "jejak/field/live_client.hpp"
#include "jejak/field/server_url.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/org.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/engine.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <fstream>
#include <functional>
#include <iomanip>
#include <istream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <variant>

namespace jejak::field {

namespace {

using namespace std::chrono_literals;
using shared::Error;
using shared::ErrorCode;
using shared::json::enumName;

constexpr std::string_view kUsage =
    "Penggunaan: jejak-field --data DIR [--clock-start RFC3339] PERINTAH ...\n"
    "Perintah:\n"
    "  login --server URL --nip NIP [--device-name NAMA]   kata sandi: satu baris di input standar\n"
    "  teams                          tim aktif pengguna (dengan ID)\n"
    "  skp                            butir SKP pengguna (dengan ID)\n"
    "  new --name NAMA [--team ID] [--skp-item ID] --quantity N --unit SATUAN\n"
    "      --start RFC3339 --end RFC3339 [--description TEKS] --photo BERKAS...\n"
    "                                 simpan dan ajukan di perangkat; mencetak ID aktivitas\n"
    "  sync [--json]                  satu kali sinkronisasi\n"
    "  status                         setiap aktivitas dengan status sinkron dan alur kerja\n"
    "  inbox                          aktivitas yang menunggu keputusan Anda\n"
    "  approve ID | return ID --note CATATAN | reject ID --reason ALASAN\n"
    "  rate ID --substance N --fit N --systematic N\n"
    "  watch [--for DETIK]            sinkron terus: notifikasi langsung, pewaktu, jeda ulang\n"
    "Kode keluar: 0 berhasil, 1 penggunaan salah, 2 gagal.\n";

//---- command line

/// One command's shape: its options (required or not), flags and how many positional arguments it takes.
struct CommandSpec {
    std::string_view name;
    std::set<std::string, std::less<>> required;
    std::set<std::string, std::less<>> optional;
    std::size_t positional = 0;
};

const std::vector<CommandSpec>& commandSpecs() {
    static const std::vector<CommandSpec> specs{
        {"login", {"server", "nip"}, {"device-name"}, 0},
        {"teams", {}, {}, 0},
        {"skp", {}, {}, 0},
        {"new",
         {"name", "quantity", "unit", "start", "end", "photo"},
         {"team", "skp-item", "description"},
         0},
        {"sync", {}, {"json"}, 0},
        {"status", {}, {}, 0},
        {"inbox", {}, {}, 0},
        {"approve", {}, {}, 1},
        {"return", {"note"}, {}, 1},
        {"reject", {"reason"}, {}, 1},
        {"rate", {"substance", "fit", "systematic"}, {}, 1},
        {"watch", {}, {"for"}, 0},
    };
    return specs;
}

/// Options without a value, and options that take every following word up to the next option.
const std::set<std::string, std::less<>> kFlags{"json"};
const std::set<std::string, std::less<>> kLists{"photo"};

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>, std::less<>> options;

    [[nodiscard]] bool has(std::string_view name) const { return options.contains(name); }
    [[nodiscard]] std::optional<std::string> value(std::string_view name) const {
        const auto it = options.find(name);
        if (it == options.end() || it->second.empty()) {
            return std::nullopt;
        }
        return it->second.back();
    }
};

/// The parsed command line, or what is wrong with it.
std::variant<Args, std::string> parseArgs(const std::vector<std::string>& argv) {
    Args args;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& token = argv[i];
        if (!token.starts_with("--") || token.size() == 2) {
            if (args.command.empty()) {
                args.command = token;
            } else {
                args.positional.push_back(token);
            }
            continue;
        }
        std::string name = token.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        auto& values = args.options[name];
        if (kFlags.contains(name)) {
            if (inlineValue) {
                return "--" + name + " tidak menerima nilai";
            }
        } else if (inlineValue) {
            values.push_back(*inlineValue);
        } else if (kLists.contains(name)) {
            const std::size_t before = values.size();
            while (i + 1 < argv.size() && !argv[i + 1].starts_with("--")) {
                values.push_back(argv[++i]);
            }
            if (values.size() == before) {
                return "--" + name + " memerlukan setidaknya satu nilai";
            }
        } else {
            if (i + 1 >= argv.size()) {
                return "--" + name + " memerlukan nilai";
            }
            values.push_back(argv[++i]);
        }
    }
    if (args.command.empty()) {
        return "perintah tidak ada";
    }
    const auto& specs = commandSpecs();
    const auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == args.command; });
    if (spec == specs.end()) {
        return "perintah tidak dikenal: " + args.command;
    }
    for (const auto& [name, values] : args.options) {
        if (name != "data" && name != "clock-start" && !spec->required.contains(name) &&
            !spec->optional.contains(name)) {
            return "opsi tidak dikenal untuk " + args.command + ": --" + name;
        }
    }
    for (const auto& name : spec->required) {
        if (!args.has(name)) {
            return args.command + " memerlukan --" + name;
        }
    }
    if (args.positional.size() != spec->positional) {
        return args.command + " memerlukan " + std::to_string(spec->positional) + " argumen ID";
    }
    if (!args.value("data")) {
        return "--data DIR wajib";
    }
    return args;
}

//---- reporting

/// The user's message for a code (Indonesian), the code itself, the field and the detail.
std::string describe(ErrorCode code, std::string_view field, std::string_view detail) {
    std::string text =
        std::string(shared::userMessage(code)) + " [" + std::string(shared::codeString(code)) + "]";
    if (!field.empty()) {
        text += " (" + std::string(field) + ")";
    }
    if (!detail.empty()) {
        text += "\n  rincian: " + std::string(detail);
    }
    return text;
}

std::string describe(const Error& e) {
    return describe(e.code, e.field, e.message);
}

/// A server's ErrorBody, described like a local error when its code is known.
std::string describe(const sync::ErrorBody& e) {
    ErrorCode code{};
    if (shared::parseErrorCode(e.code, code)) {
        return describe(code, e.field, e.message);
    }
    return e.code + (e.field.empty() ? "" : " (" + e.field + ")") + ": " + e.message;
}

int failed(std::ostream& err, std::string_view command, const Error& e) {
    err << "jejak-field " << command << ": " << describe(e) << "\n";
    return kExitFailed;
}

int usage(std::ostream& err, std::string_view problem) {
    err << "jejak-field: " << problem << "\n" << kUsage;
    return kExitUsage;
}

//---- values

std::string newId(const shared::Clock& clock) {
    static std::mutex mutex;
    static std::mt19937_64 random{std::random_device{}()};
    const std::lock_guard lock(mutex);
    const std::uint64_t a = random();
    const std::uint64_t b = random();
    return shared::makeUuidV7(clock.now(), a, b);
}

template <typename Number> std::optional<Number> parseNumber(std::string_view text) {
    Number value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

/// The evidence type of a file by its first bytes: JPEG and PNG photos, PDF attachments.
std::optional<std::pair<std::string, shared::EvidenceKind>> evidenceType(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xD8\xFF")) {
        return std::pair{std::string("image/jpeg"), shared::EvidenceKind::Photo};
    }
    if (bytes.starts_with("\x89PNG\r\n\x1A\n")) {
        return std::pair{std::string("image/png"), shared::EvidenceKind::Photo};
    }
    if (bytes.starts_with("%PDF-")) {
        return std::pair{std::string("application/pdf"), shared::EvidenceKind::Attachment};
    }
    return std::nullopt;
}

std::optional<std::string> readFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return std::move(bytes).str();
}

//---- the running client

/// SIGINT or SIGTERM during `watch`.
std::atomic<bool> g_stopRequested{false};

void onStopSignal(int) {
    g_stopRequested = true;
}

struct Client {
    const Args& args;
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    std::unique_ptr<shared::Clock> clock;
    std::unique_ptr<sync::ClientStore> store;
    std::unique_ptr<BeastTransport> transport;
    std::unique_ptr<sync::SyncEngine> engine;

    [[nodiscard]] shared::Result<sync::Session> session() const {
        auto s = store->session();
        if (!s) {
            return Error(ErrorCode::SyncNoSession, {}, "run `jejak-field login` first");
        }
        return std::move(*s);
    }

    /// Today in the user's instansi (WIB when it is not in the cached data).
    [[nodiscard]] shared::Date today(const shared::InMemoryDomain& domain, std::string_view nip) const {
        int offset = 7 * 60;
        if (const auto employee = domain.employee(nip)) {
            if (const auto instansi = shared::instansiOf(domain, *employee)) {
                offset = instansi->utcOffsetMinutes;
            }
        }
        return shared::localDate(clock->now(), offset);
    }

    int login() {
        const std::string server = *args.value("server");
        if (const auto url = parseServerUrl(server, "--server"); !url) {
            return usage(err, describe(url.error()));
        }
        std::string password;
        if (!std::getline(in, password)) {
            return usage(err, "kata sandi tidak ada: berikan satu baris di input standar");
        }
        if (!password.empty() && password.back() == '\r') {
            password.pop_back();
        }
        const auto response = engine->login(server, *args.value("nip"), password,
                                            args.value("device-name").value_or("jejak-field"));
        if (!response) {
            return failed(err, "login", response.error());
        }
        out << "Masuk sebagai " << response->name << " (" << response->nip << "), peran:";
        for (const auto& role : response->roles) {
            out << " " << role;
        }
        out << "\n";
        // The reference data (teams, SKP) comes with the first pull.
        if (const auto synced = engine->syncOnce(); !synced) {
            err << "jejak-field login: masuk berhasil, tetapi data referensi belum terunduh: "
                << describe(synced.error()) << "\n";
            return kExitFailed;
        }
        out << "Data referensi terunduh.\n";
        return kExitOk;
    }

    int teams() {
        const auto s = session();
        if (!s) {
            return failed(err, "teams", s.error());
        }
        const auto domain = store->domain();
        const shared::Date day = today(*domain, s->nip);
        int shown = 0;
        for (const auto& m : domain->membershipsOf(s->nip)) {
            const auto team = domain->team(m.teamId);
            const bool active = team && m.validFrom <= day && (!m.validTo || day <= *m.validTo) &&
                                team->periodStart <= day && day <= team->periodEnd;
            if (!active) {
                continue;
            }
            out << team->id << "  " << team->code << "  " << team->name << "  (" << enumName(m.role) << ")\n";
            ++shown;
        }
        if (shown == 0) {
            out << "Tidak ada tim aktif pada " << shared::formatDate(day) << ".\n";
        }
        return kExitOk;
    }

    int skp() {
        const auto s = session();
        if (!s) {
            return failed(err, "skp", s.error());
        }
        const auto domain = store->domain();
        const shared::Date day = today(*domain, s->nip);
        int shown = 0;
        for (const auto& plan : domain->bundle().skps) {
            if (plan.nip != s->nip || plan.periodStart > day || day > plan.periodEnd) {
                continue;
            }
            out << "SKP " << plan.id << " (" << enumName(plan.status) << ", "
                << shared::formatDate(plan.periodStart) << " s.d. " << shared::formatDate(plan.periodEnd)
                << ")\n";
            for (const auto& item : domain->bundle().skpItems) {
                if (item.skpId == plan.id) {
                    out << "  " << item.id << "  " << item.statement << "  [" << item.indicator << "; satuan "
                        << (item.quantityUnit.empty() ? "bebas" : item.quantityUnit) << "]\n";
                    ++shown;
                }
            }
        }
        if (shown == 0) {
            out << "Tidak ada butir SKP yang berlaku pada " << shared::formatDate(day) << ".\n";
        }
        return kExitOk;
    }

    int create() {
        const auto s = session();
        if (!s) {
            return failed(err, "new", s.error());
        }
        const auto quantity = parseNumber<double>(*args.value("quantity"));
        if (!quantity) {
            return usage(err, "--quantity harus berupa angka");
        }
        const auto start = shared::parseTimestamp(*args.value("start"));
        const auto end = shared::parseTimestamp(*args.value("end"));
        if (!start || !end) {
            return usage(err,
                         "--start dan --end harus berupa waktu RFC 3339, mis. 2023-03-15T08:00:00+08:00");
        }
        shared::Activity a;
        for (const auto& path : args.options.at("photo")) {
            const auto bytes = readFile(path);
            if (!bytes) {
                return failed(err, "new", Error(ErrorCode::NotFound, "--photo", "cannot read " + path));
            }
            const auto type = evidenceType(*bytes);
            if (!type) {
                return failed(
                    err, "new",
                    Error(ErrorCode::BlobMediaTypeInvalid, "--photo", path + " is no JPEG, PNG or PDF"));
            }
            auto ref = store->addEvidence(*bytes, type->first, type->second, std::nullopt);
            if (!ref) {
                return failed(err, "new", ref.error());
            }
            a.evidence.push_back(std::move(*ref));
        }
        a.id = newId(*clock);
        a.nip = s->nip;
        a.name = *args.value("name");
        a.teamId = args.value("team");
        a.skpItemId = args.value("skp-item");
        a.outputQuantity = *quantity;
        a.outputUnit = *args.value("unit");
        a.start = *start;
        a.end = *end;
        a.description = args.value("description").value_or("");
        a.createdAt = clock->now();
        if (auto saved = store->saveDraft(a); !saved) {
            return failed(err, "new", saved.error());
        }
        if (auto queued = store->submit(a.id); !queued) {
            (void)store->discardDraft(a.id); // a refused `new` leaves nothing behind
            return failed(err, "new", queued.error());
        }
        out << a.id << "\n";
        err << "Aktivitas disimpan di perangkat dan menunggu dikirim; jalankan `jejak-field sync`.\n";
        return kExitOk;
    }

    int syncOnce() {
        const bool json = args.has("json");
        std::mutex printing;
        std::int64_t lastShown = -1;
        if (!json) {
            engine->setProgressListener([&](const sync::SyncProgress& p) {
                const std::lock_guard lock(printing);
                if (p.running && p.bytesSent != lastShown && p.bytesTotal > 0) {
                    lastShown = p.bytesSent;
                    out << "  bukti terkirim " << p.bytesSent << " dari " << p.bytesTotal << " byte, antrean "
                        << p.queuedOps << "\n";
                }
            });
        }
        const auto began = std::chrono::steady_clock::now();
        const auto result = engine->syncOnce();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        engine->setProgressListener({});
        const sync::SyncProgress p = engine->progress();
        if (json) {
            boost::json::object line{{"ok", result.ok()},
                                     {"queued", p.queuedOps},
                                     {"bytesSent", p.bytesSent},
                                     {"bytesOnWire", p.bytesOnWire},
                                     {"seconds", seconds}};
            if (!result) {
                line["code"] = shared::codeString(result.error().code);
                line["message"] = result.error().message;
            }
            out << boost::json::serialize(line) << "\n";
            return result ? kExitOk : kExitFailed;
        }
        if (!result) {
            return failed(err, "sync", result.error());
        }
        out << "Sinkronisasi selesai dalam " << std::fixed << std::setprecision(1) << seconds
            << " detik: antrean " << p.queuedOps << ", bukti " << p.bytesSent << " byte terkirim ("
            << p.bytesOnWire << " byte di jaringan).\n";
        return kExitOk;
    }

    int status() {
        const auto activities = store->activities({});
        if (activities.empty()) {
            out << "Belum ada aktivitas di perangkat ini.\n";
        }
        for (const auto& a : activities) {
            out << a.activity.id << "  rev " << a.activity.revision << "  " << sync::toString(a.syncState)
                << "  " << (a.status ? enumName(a.status->state) : std::string_view("-")) << "  "
                << a.activity.name;
            if (a.error) {
                out << "  galat: " << a.error->code;
            }
            for (const auto& issue : a.localIssues) {
                out << "  masalah: " << shared::codeString(issue.code);
            }
            if (a.lastReview && !a.lastReview->note.empty() &&
                (a.syncState == sync::SyncState::Returned || a.syncState == sync::SyncState::Rejected)) {
                out << "  catatan: " << a.lastReview->note;
            }
            out << "\n";
        }
        out << "Antrean kirim: " << store->outbox().size() << " operasi; sinkronisasi terakhir: ";
        const auto last = store->lastSuccessfulSync();
        out << (last ? shared::formatTimestamp(*last) : std::string("belum pernah")) << "\n";
        return kExitOk;
    }

    int inbox() {
        const auto s = session();
        if (!s) {
            return failed(err, "inbox", s.error());
        }
        sync::ActivityFilter filter;
        filter.validatorNip = s->nip;
        int shown = 0;
        for (const auto& a : store->activities(filter)) {
            if (!a.status || a.status->state != shared::ActivityState::Submitted) {
                continue;
            }
            out << a.activity.id << "  rev " << a.activity.revision << "  " << a.activity.nip << "  "
                << shared::formatTimestamp(a.activity.start) << "  " << a.activity.name << "\n";
            ++shown;
        }
        if (shown == 0) {
            out << "Tidak ada aktivitas yang menunggu keputusan.\n";
        }
        return kExitOk;
    }

    int decide(shared::Decision decision, std::string note) {
        const auto s = session();
        if (!s) {
            return failed(err, args.command, s.error());
        }
        const std::string& id = args.positional.front();
        const auto activity = store->activity(id);
        if (!activity) {
            return failed(err, args.command,
                          Error(ErrorCode::NotFound, "ID", "no activity " + id + " on this device"));
        }
        const shared::Review review{
            newId(*clock), id, activity->activity.revision, s->nip, decision, std::move(note), clock->now()};
        if (auto done = store->decide(review); !done) {
            return failed(err, args.command, done.error());
        }
        out << "Keputusan disimpan di perangkat; jalankan `jejak-field sync` untuk mengirim.\n";
        return kExitOk;
    }

    int rate() {
        const auto s = session();
        if (!s) {
            return failed(err, "rate", s.error());
        }
        shared::IkiScores scores;
        for (const auto& [name, score] :
             {std::pair{"substance", &scores.substance}, std::pair{"fit", &scores.expectationFit},
              std::pair{"systematic", &scores.systematic}}) {
            const auto value = parseNumber<int>(*args.value(name));
            if (!value) {
                return usage(err, std::string("--") + name + " harus berupa bilangan bulat 1..100");
            }
            *score = *value;
        }
        const shared::Rating rating{newId(*clock), args.positional.front(), s->nip, scores, clock->now()};
        if (auto done = store->rate(rating); !done) {
            return failed(err, "rate", done.error());
        }
        out << "Penilaian disimpan di perangkat; jalankan `jejak-field sync` untuk mengirim.\n";
        return kExitOk;
    }

    int watch() {
        const auto s = session();
        if (!s) {
            return failed(err, "watch", s.error());
        }
        std::optional<std::chrono::steady_clock::time_point> until;
        if (const auto seconds = args.value("for")) {
            const auto value = parseNumber<int>(*seconds);
            if (!value || *value < 0) {
                return usage(err, "--for harus berupa jumlah detik");
            }
            until = std::chrono::steady_clock::now() + std::chrono::seconds(*value);
        }
        std::mutex printing;
        bool wasRunning = false;
        engine->setProgressListener([&](const sync::SyncProgress& p) {
            const std::lock_guard lock(printing);
            if (wasRunning && !p.running) {
                if (p.lastError) {
                    out << "sinkronisasi gagal: " << describe(*p.lastError) << "\n";
                } else {
                    out << "sinkronisasi selesai: antrean " << p.queuedOps << "\n";
                }
                out.flush();
            }
            wasRunning = p.running;
        });
        g_stopRequested = false;
        const auto previousInt = std::signal(SIGINT, onStopSignal);
        const auto previousTerm = std::signal(SIGTERM, onStopSignal);
        {
            sync::SyncScheduler scheduler(*engine, 5min, sync::Backoff(1s, 60s, std::random_device{}()));
            LiveClientOptions options;
            options.serverUrl = s->serverUrl;
            options.token = s->token;
            LiveClient live(options, [&](const LiveMessage& m) {
                {
                    const std::lock_guard lock(printing);
                    out << "notifikasi " << m.type << " (seq " << m.seq << ")\n";
                }
                scheduler.requestSync();
            });
            live.start();
            scheduler.requestSync();
            while (!g_stopRequested && (!until || std::chrono::steady_clock::now() < *until)) {
                std::this_thread::sleep_for(50ms);
            }
            live.stop();
        }
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
        engine->setProgressListener({});
        return kExitOk;
    }

    int run() {
        const std::string& c = args.command;
        if (c == "login") {
            return login();
        }
        if (c == "teams") {
            return teams();
        }
        if (c == "skp") {
            return skp();
        }
        if (c == "new") {
            return create();
        }
        if (c == "sync") {
            return syncOnce();
        }
        if (c == "status") {
            return status();
        }
        if (c == "inbox") {
            return inbox();
        }
        if (c == "approve") {
            return decide(shared::Decision::Approve, {});
        }
        if (c == "return") {
            return decide(shared::Decision::Return, *args.value("note"));
        }
        if (c == "reject") {
            return decide(shared::Decision::Reject, *args.value("reason"));
        }
        if (c == "rate") {
            return rate();
        }
        return watch();
    }
};

} // namespace

int runFieldClient(const std::vector<std::string>& argv, std::istream& in, std::ostream& out,
                   std::ostream& err) {
    if (argv.size() == 1 && (argv.front() == "--help" || argv.front() == "-h")) {
        out << kUsage;
        return kExitOk;
    }
    auto parsed = parseArgs(argv);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
        return usage(err, *problem);
    }
    const Args& args = std::get<Args>(parsed);
    Client client{args, in, out, err, nullptr, nullptr, nullptr, nullptr};
    if (const auto start = args.value("clock-start")) {
        const auto at = shared::parseTimestamp(*start);
        if (!at) {
            return usage(err, "--clock-start harus berupa waktu RFC 3339");
        }
        client.clock = std::make_unique<shared::OffsetClock>(*at);
    } else {
        client.clock = std::make_unique<shared::SystemClock>();
    }
    auto store = sync::ClientStore::open(*args.value("data"), *client.clock);
    if (!store) {
        return failed(err, args.command, store.error());
    }
    client.store = std::move(*store);
    client.transport = std::make_unique<BeastTransport>();
    client.engine = std::make_unique<sync::SyncEngine>(*client.store, *client.transport, *client.clock);
    return client.run();
}

} // namespace jejak::field
