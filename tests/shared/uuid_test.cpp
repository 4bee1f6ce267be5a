// SPDX-License-Identifier: Apache-2.0
// Tests of the UUID text check and the UUIDv7 layout.
#include "jejak/shared/uuid.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;
using namespace std::chrono;

namespace {
Timestamp at(std::int64_t millis) {
    return Timestamp{milliseconds{millis}};
}
} // namespace

TEST_CASE("uuid: v7 puts the unix milliseconds, version and variant where RFC 9562 says", "[shared][uuid]") {
    // 0x01899a5c3e80 ms is 2023-07-28T02:38:03.904Z; rand_a 0xabc, rand_b all ones.
    const auto id = makeUuidV7(at(0x01899a5c3e80), 0xfffffffffffffabc, ~std::uint64_t{0});
    CHECK(id == "01899a5c-3e80-7abc-bfff-ffffffffffff");
    CHECK(isUuid(id));

    const auto zeros = makeUuidV7(at(0), 0, 0);
    CHECK(zeros == "00000000-0000-7000-8000-000000000000");
    CHECK(zeros[14] == '7');                       // version nibble
    CHECK((zeros[19] == '8' || zeros[19] == 'b')); // variant 0b10xx
}

TEST_CASE("uuid: v7 random bits come only from the arguments", "[shared][uuid]") {
    const auto a = makeUuidV7(at(1'700'000'000'000), 0x123, 0x0123456789abcdef);
    CHECK(a == makeUuidV7(at(1'700'000'000'000), 0x123, 0x0123456789abcdef));
    CHECK(a != makeUuidV7(at(1'700'000'000'000), 0x124, 0x0123456789abcdef));
    CHECK(a != makeUuidV7(at(1'700'000'000'000), 0x123, 0x0123456789abcdee));
    CHECK(a.substr(19) == "8123-456789abcdef"); // the top two bits of rand_b give way to the variant
}

TEST_CASE("uuid: v7 made at later milliseconds sort later as text", "[shared][uuid]") {
    const auto early = makeUuidV7(at(1'700'000'000'000), 0xfff, ~std::uint64_t{0});
    const auto later = makeUuidV7(at(1'700'000'000'001), 0, 0);
    const auto muchLater = makeUuidV7(at(1'800'000'000'000), 0, 0);
    CHECK(early < later);
    CHECK(later < muchLater);
}

TEST_CASE("uuid: only the canonical lowercase form is a UUID", "[shared][uuid]") {
    CHECK(isUuid("0189f1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"));
    CHECK(isUuid("f47ac10b-58cc-4372-a567-0e02b2c3d479")); // v4 from elsewhere
    CHECK_FALSE(isUuid("F47AC10B-58CC-4372-A567-0E02B2C3D479"));
    CHECK_FALSE(isUuid("{f47ac10b-58cc-4372-a567-0e02b2c3d479}"));
    CHECK_FALSE(isUuid("urn:uuid:f47ac10b-58cc-4372-a567-0e02b2c3d479"));
    CHECK_FALSE(isUuid("f47ac10b58cc4372a5670e02b2c3d479"));
    CHECK_FALSE(isUuid("f47ac10b-58cc-4372-a567-0e02b2c3d47"));
    CHECK_FALSE(isUuid("f47ac10b-58cc-4372-a567-0e02b2c3d4799"));
    CHECK_FALSE(isUuid("f47ac10b-58cc-4372-a567_0e02b2c3d479"));
    CHECK_FALSE(isUuid("g47ac10b-58cc-4372-a567-0e02b2c3d479"));
    CHECK_FALSE(isUuid(""));
}
