#pragma once

// What a revision author includes. Declare a revision with one macro and define its two functions:
//
//   #include <godwit/revision.hpp>
//
//   GODWIT_REVISION(AddReadingStreaks, R"(
//     revision: 3f2a9c1d7b44
//     down_revision: 7d8e9f1a2b3c
//     message: add reading streaks
//   )");
//
//   void AddReadingStreaks::upgrade(godwit::Context& ctx) { ctx.execute("CREATE TABLE ..."); }
//   void AddReadingStreaks::downgrade(godwit::Context& ctx) { ctx.execute("DROP TABLE ..."); }
//
// Keys: revision (required: up to 32 characters, none of "@ - + :" or spaces), down_revision (empty for a
// root, one id, or several separated by commas for a merge point), branch_labels, depends_on (comma
// separated), message, create_date, transactional (true by default; false runs the revision in autocommit,
// e.g. for CREATE INDEX CONCURRENTLY). The metadata is stored in an ELF section, so godwit reads and checks
// it (with the ABI stamp) without loading the library. A library is loaded only when one of its revisions
// is about to run, on a loader thread and up to a few steps ahead of it, and stays loaded until godwit
// exits: keep static initialisers free of side effects, and do the work in upgrade/downgrade.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <typeinfo>
#include <utility>

#include "godwit/abi.hpp"
#include "godwit/context.hpp"
#include "godwit/errors.hpp"
#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

class Revision {
 public:
  virtual ~Revision() = default;
  virtual void upgrade(Context& ctx) = 0;
  virtual void downgrade(Context& ctx) = 0;
};

namespace detail {

// Receives the failure of a revision's code inside the plugin, where its exception can still be inspected
// safely; the host copies the strings before the call returns.
class FailureSink {
 public:
  virtual void fail(const char* kind, const char* sqlstate, const char* message) noexcept = 0;

 protected:
  ~FailureSink() = default;
};

// The argument of every revision entry point. `size` first, so the layout can grow.
struct Invocation {
  std::uint32_t size;
  Direction direction;
  Context* context;
  FailureSink* failure;
};

inline constexpr int kEntryOk = 0;
inline constexpr int kEntryFailed = 1;

// The entry point body: no exception ever leaves the plugin.
template <class R>
int invoke(const Invocation* call) noexcept {
  try {
    R revision;
    if (call->direction == Direction::upgrade)
      revision.upgrade(*call->context);
    else
      revision.downgrade(*call->context);
    return kEntryOk;
  } catch (const ConnectionLost& e) {
    call->failure->fail("connection", e.sqlstate().c_str(), e.what());
  } catch (const DatabaseError& e) {
    call->failure->fail("database", e.sqlstate().c_str(), e.what());
  } catch (const OfflineUnsupported& e) {
    call->failure->fail("offline", "", e.what());
  } catch (const Irreversible& e) {
    call->failure->fail("irreversible", "", e.what());
  } catch (const std::exception& e) {
    call->failure->fail("exception", "", e.what());
  } catch (...) {
    call->failure->fail("exception", "", "an exception of unknown type");
  }
  return kEntryFailed;
}

template <std::size_t N>
struct Record {
  abi::RecordHeader header;
  char text[(N + 3) / 4 * 4];
};

template <std::size_t N, std::size_t... I>
constexpr Record<N> make_record(const char (&text)[N], std::index_sequence<I...>) {
  return Record<N>{
      {abi::kRecordMagic, sizeof(Record<N>), abi::current_stamp(), static_cast<std::uint32_t>(N)},
      {text[I]...}};
}

template <std::size_t N>
constexpr Record<N> make_record(const char (&text)[N]) {
  return make_record(text, std::make_index_sequence<N>{});
}

}  // namespace detail
GODWIT_END_NAMESPACE

#define GODWIT_DETAIL_ENTRY_PREFIX "godwit_rev_"
// godwit_add_revision force-includes a header generated at build time from the source file's bytes that
// defines GODWIT_SOURCE_SHA256 (64 hex digits as a string literal), so a revision edited and rebuilt
// after it was applied is found by `godwit verify`. Built any other way, a plugin has no source checksum.
#if defined(GODWIT_SOURCE_SHA256)
#define GODWIT_DETAIL_SOURCE_SHA256_LINE "source_sha256: " GODWIT_SOURCE_SHA256 "\n"
#else
#define GODWIT_DETAIL_SOURCE_SHA256_LINE ""
#endif
#define GODWIT_DETAIL_STRINGIFY2(x) #x
#define GODWIT_DETAIL_STRINGIFY(x) GODWIT_DETAIL_STRINGIFY2(x)

// Declares the class Ident (define Ident::upgrade and Ident::downgrade yourself), its exported entry point
// and its metadata record. META is a string literal of "key: value" lines. The record starts with
// generated lines: the entry point; the declaration's source line, which orders the revisions of a bundle
// by declaration whatever order the compiler and linker emit the records in; and, when built with
// godwit_add_revision, the SHA-256 of the source file (shared by every revision of a one-file bundle).
#define GODWIT_REVISION(Ident, META)                                                               \
  struct Ident final : ::godwit::Revision {                                                        \
    void upgrade(::godwit::Context& ctx) override;                                                 \
    void downgrade(::godwit::Context& ctx) override;                                               \
  };                                                                                               \
  extern "C" __attribute__((visibility("default"))) int godwit_rev_##Ident(                        \
      const ::godwit::detail::Invocation* call) noexcept {                                         \
    return ::godwit::detail::invoke<Ident>(call);                                                  \
  }                                                                                                \
  __attribute__((section("godwit_revisions"), used)) static constexpr auto godwit_record_##Ident = \
      ::godwit::detail::make_record("entry: " GODWIT_DETAIL_ENTRY_PREFIX #Ident                    \
                                    "\n"                                                           \
                                    "source: " __FILE__ ":" GODWIT_DETAIL_STRINGIFY(               \
                                        __LINE__) "\n" GODWIT_DETAIL_SOURCE_SHA256_LINE META)
