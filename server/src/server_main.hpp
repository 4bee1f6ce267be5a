// SPDX-License-Identifier: Apache-2.0
// The jejak-server program as a function, so that main.cpp stays one line.
#pragma once

namespace jejak::server {

/// Runs jejak-server: reads the configuration (see --help), creates the data directory, opens and migrates
/// the database (DIR/jejak.db) and loads the reference snapshot, serves until SIGTERM or SIGINT, then
/// drains (stops accepting, lets requests in progress finish within the drain timeout), closes the
/// database and returns the exit status: 0 after a stop by signal (drained or not) and for
/// --help/--version, 2 for an invalid configuration, 1 when the server cannot start (the port is taken,
/// the database cannot be opened or was written by a newer server). Never throws.
int runServerMain(int argc, char** argv) noexcept;

} // namespace jejak::server
