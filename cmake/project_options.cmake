# SPDX-License-Identifier: Apache-2.0
# Language level, warnings, sanitizers and the options every component reads.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

option(JEJAK_BUILD_TESTS "Build the test suites" ON)
option(JEJAK_WARNINGS_AS_ERRORS "Treat compiler warnings as errors (CI)" OFF)
option(JEJAK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# Applied to every target of this project through jejak_compile_options().
add_library(jejak_compile_options INTERFACE)
target_compile_options(jejak_compile_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(JEJAK_WARNINGS_AS_ERRORS)
    target_compile_options(jejak_compile_options INTERFACE -Werror)
endif()
if(JEJAK_SANITIZE)
    target_compile_options(jejak_compile_options INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(jejak_compile_options INTERFACE -fsanitize=address,undefined)
endif()

find_package(SQLite3 REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json)
