#pragma once

// Scratch files for the plugin tests: a temporary directory removed at the end, and byte-level helpers to
// make broken copies of real plugins.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace godwit::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "godwit-plugin-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // A subdirectory, created on first use.
  std::filesystem::path dir(const std::string& name) const {
    std::filesystem::create_directories(path_ / name);
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

inline std::vector<char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  write_bytes(path, std::vector<char>(text.begin(), text.end()));
}

inline std::filesystem::path copy_to(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  return to;
}

// Replaces every occurrence of `from` by `to` (same length, so no offset moves); returns the count.
inline int replace_bytes(std::vector<char>& bytes, const std::string& from, const std::string& to) {
  if (from.size() != to.size()) throw std::logic_error("replace_bytes needs equal lengths");
  int count = 0;
  for (auto it = bytes.begin();
       (it = std::search(it, bytes.end(), from.begin(), from.end())) != bytes.end();) {
    std::copy(to.begin(), to.end(), it);
    it += static_cast<std::ptrdiff_t>(to.size());
    ++count;
  }
  return count;
}

inline int replace_in_file(const std::filesystem::path& path, const std::string& from,
                           const std::string& to) {
  std::vector<char> bytes = read_bytes(path);
  const int count = replace_bytes(bytes, from, to);
  write_bytes(path, bytes);
  return count;
}

template <class T>
void poke(std::vector<char>& bytes, std::size_t offset, T value) {
  if (offset + sizeof value > bytes.size()) throw std::out_of_range("poke past the end");
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

}  // namespace godwit::test
