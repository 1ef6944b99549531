#include "godwit/core/plugin/checksum.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "godwit/core/error.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::HasSubstr;

TEST(Checksum, MatchesKnownSha256Vectors) {
  godwit::test::TempDir tmp;
  godwit::test::write_text(tmp / "empty", "");
  godwit::test::write_text(tmp / "abc", "abc");
  EXPECT_EQ(sha256_file(tmp / "empty"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_file(tmp / "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, HashesAMegabyteFromOneBuffer) {
  godwit::test::TempDir tmp;
  godwit::test::write_text(tmp / "big", std::string(1000000, 'a'));  // the FIPS 180-2 "one million a" vector
  EXPECT_EQ(sha256_file(tmp / "big"), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Past the size hashed from one buffer (8 MiB), the file is hashed in chunks; the digest is sha256sum's.
TEST(Checksum, HashesAFileLargerThanOneBufferInChunks) {
  godwit::test::TempDir tmp;
  std::vector<char> bytes((std::size_t{9} << 20) + 13);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 31 + 7) & 0xff);
  godwit::test::write_bytes(tmp / "large", bytes);
  EXPECT_EQ(sha256_file(tmp / "large"), "1254ac5e36cfa31739a96a98edb4079c0509175cb358f1520bbc394210d5adff");
}

// The runner hashes plugins on a worker thread while the main thread may hash others.
TEST(Checksum, IsThreadSafe) {
  godwit::test::TempDir tmp;
  godwit::test::write_text(tmp / "abc", "abc");
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i)
        results[t] = sha256_file(i % 2 ? tmp / "abc" : godwit::test::fixture::kSingle);
    });
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results)
    EXPECT_EQ(result, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, DiffersWhenOneByteOfAPluginChanges) {
  godwit::test::TempDir tmp;
  const auto copy = godwit::test::copy_to(godwit::test::fixture::kSingle, tmp / "copy.so");
  const std::string original = sha256_file(copy);
  EXPECT_EQ(original.size(), 64u);
  EXPECT_EQ(sha256_file(godwit::test::fixture::kSingle), original);
  godwit::test::replace_in_file(copy, "create authors", "create Authors");
  EXPECT_NE(sha256_file(copy), original);
}

TEST(Checksum, AnUnreadableFileIsAPluginErrorNamingIt) {
  godwit::test::TempDir tmp;
  try {
    sha256_file(tmp / "gone.so");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    EXPECT_THAT(e.what(), HasSubstr("gone.so"));
  }
  EXPECT_THROW(sha256_file(tmp.path()), Error);  // a directory
}

}  // namespace
}  // namespace godwit::core::plugin
