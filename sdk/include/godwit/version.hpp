#pragma once

// The SDK's release version (informational, recorded in the history table) and its ABI version
// (checked by the host before it loads a plugin).
#define GODWIT_SDK_VERSION_MAJOR 0
#define GODWIT_SDK_VERSION_MINOR 1
#define GODWIT_SDK_VERSION_PATCH 0
#define GODWIT_SDK_VERSION_STRING "0.1.0"

// ABI rules: the major must match exactly. The minor grows when virtual functions are appended to the end
// of an SDK interface, or when GODWIT_REVISION writes a generated metadata line an older host would reject
// as an unknown key; a host accepts plugins whose minor is <= its own, never newer ones.
// Minor 1: the "source_sha256:" line (the SHA-256 of the revision's source file, see revision.hpp).
#define GODWIT_SDK_ABI_MAJOR 1
#define GODWIT_SDK_ABI_MINOR 1
