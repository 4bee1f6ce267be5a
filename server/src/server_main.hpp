// SPDX-License-Identifier: Apache-2.0
// The jejak-server program as a function, so that main.cpp stays one line.
#pragma once

namespace jejak::server {

/// Runs jejak-server: reads the configuration (see --help), serves until SIGTERM or SIGINT, then drains
/// (stops accepting, lets requests in progress finish within the drain timeout) and returns the exit
/// status: 0 after a stop by signal (drained or not) and for --help/--version, 2 for an invalid
/// configuration, 1 when the server cannot start (e.g. the port is taken). Never throws.
int runServerMain(int argc, char** argv) noexcept;

} // namespace jejak::server
