#pragma once

// The SDK's release version (informational, recorded in the history table) and its ABI version
// (checked by the host before it loads a plugin).
#define GODWIT_SDK_VERSION_MAJOR 0
#define GODWIT_SDK_VERSION_MINOR 2
#define GODWIT_SDK_VERSION_PATCH 0
#define GODWIT_SDK_VERSION_STRING "0.2.0"

// ABI rules: the major must match exactly. The minor grows when virtual functions are appended to the end
// of an SDK interface, or when GODWIT_REVISION writes a generated metadata line an older host would reject
// as an unknown key; a host accepts plugins whose minor is <= its own, never newer ones.
// Major 2: Value and Field carry a ValueType (value.hpp), so drivers bind what a revision passes as its own
// type; their layout changed. (Major 1, minor 1 added the "source_sha256:" metadata line, which major 2 has.)
#define GODWIT_SDK_ABI_MAJOR 2
#define GODWIT_SDK_ABI_MINOR 0

// The SDK's C++ names carry the ABI major, as fmt's do: every SDK header declares its contents between
// GODWIT_BEGIN_NAMESPACE and GODWIT_END_NAMESPACE, i.e. in `namespace godwit { inline namespace abi_v2 {`.
// Code still spells the names godwit::Context, godwit::Error, ...; only the mangled names change
// (_ZN6godwit6abi_v27ContextE), so code built against another ABI major does not link with this one: a
// function taking a godwit::Context& from a library built against ABI 2 is an undefined symbol to a
// plugin built against ABI 3, and an exception thrown as one major's godwit::Error is not caught as the
// other's. Never forward-declare SDK types as `namespace godwit { class Context; }`: that declares a
// different class; include the header.
#define GODWIT_DETAIL_ABI_NAMESPACE_NAME(major) abi_v##major
#define GODWIT_DETAIL_ABI_NAMESPACE(major) GODWIT_DETAIL_ABI_NAMESPACE_NAME(major)
#define GODWIT_ABI_NAMESPACE GODWIT_DETAIL_ABI_NAMESPACE(GODWIT_SDK_ABI_MAJOR)
#define GODWIT_BEGIN_NAMESPACE \
  namespace godwit {           \
  inline namespace GODWIT_ABI_NAMESPACE {
#define GODWIT_END_NAMESPACE \
  }                          \
  }
