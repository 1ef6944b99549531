#include "godwit/core/plugin/checksum.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace {

// Files up to this size are hashed from one buffer with one EVP_Digest call; larger ones (a bundle of
// many thousand revisions) in chunks of this size, so memory stays bounded.
constexpr std::size_t kWholeRead = std::size_t{8} << 20;

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};

struct FdCloser {
  void operator()(const int* fd) const noexcept { ::close(*fd); }
};

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& reason) {
  throw Error(ErrorCategory::plugin, path.string() + ": cannot compute its checksum: " + reason);
}

// SHA-256, fetched once per process: OpenSSL 3 otherwise looks it up in its providers on every digest.
// The static's initialisation is thread-safe, and an EVP_MD is immutable once fetched, so any thread may
// use it. It is never freed: it must outlive every hashing thread, and OpenSSL cleans up at exit.
const EVP_MD* sha256_digest() noexcept {
#if OPENSSL_VERSION_MAJOR >= 3
  static const EVP_MD* const digest = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return digest;
#else
  return EVP_sha256();
#endif
}

// Reads until `size` bytes are in or the file ends; returns the count.
std::size_t read_up_to(const std::filesystem::path& path, int fd, unsigned char* out, std::size_t size) {
  std::size_t total = 0;
  while (total < size) {
    const ssize_t got = ::read(fd, out + total, size - total);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(path, std::strerror(errno));
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

}  // namespace

std::string sha256_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, std::strerror(errno));
  const std::unique_ptr<const int, FdCloser> closer(&fd);
  const EVP_MD* digest_type = sha256_digest();
  if (digest_type == nullptr) fail(path, "OpenSSL SHA-256 is unavailable");
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(path, std::strerror(errno));

  // read() into a buffer sized from fstat, not mmap: a file shrinking while mapped is a SIGBUS (and mmap
  // measured no faster).
  // One byte more than fstat reported: a buffer left short holds the whole file; a full one means the file
  // is large or grew since, and the rest is streamed.
  const auto expected = static_cast<std::uint64_t>(std::max<off_t>(st.st_size, 0));
  const std::size_t capacity = expected < kWholeRead ? static_cast<std::size_t>(expected) + 1 : kWholeRead;
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[capacity]);  // not zero-filled
  std::size_t got = read_up_to(path, fd, buffer.get(), capacity);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (got < capacity) {
    if (EVP_Digest(buffer.get(), got, digest, &length, digest_type, nullptr) != 1)
      fail(path, "OpenSSL digest failed");
  } else {
    // Large, or grown since fstat: stream the rest.
    const std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), digest_type, nullptr) != 1)
      fail(path, "OpenSSL SHA-256 is unavailable");
    while (got > 0) {
      if (EVP_DigestUpdate(context.get(), buffer.get(), got) != 1) fail(path, "OpenSSL digest update failed");
      got = got < capacity ? 0 : read_up_to(path, fd, buffer.get(), capacity);
    }
    if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1) fail(path, "OpenSSL digest failed");
  }

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace godwit::core::plugin
