#pragma once

// Copies of real libraries reshaped at the byte level: stripped (small enough for ElfImage to read whole),
// padded (large enough to be read in windows) and truncated (as an interrupted copy leaves a file).

#include <elf.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

#include "support/temp_dir.hpp"

namespace godwit::test {

// A copy of `from` without the sections that are not loaded (debug info, .symtab), as `strip` leaves a
// library: small enough for ElfImage::open to read whole. The linker puts the loaded sections first.
inline std::filesystem::path stripped_copy(const std::filesystem::path& from,
                                           const std::filesystem::path& to) {
  const std::vector<char> bytes = read_bytes(from);
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  std::vector<Elf64_Shdr> sections(header.e_shnum);
  std::memcpy(sections.data(), bytes.data() + header.e_shoff, sections.size() * sizeof(Elf64_Shdr));
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment, bytes.data() + header.e_phoff + i * sizeof segment, sizeof segment);
    if (segment.p_type == PT_LOAD) end = std::max(end, segment.p_offset + segment.p_filesz);
  }
  std::size_t kept = 1;
  for (; kept < sections.size() && (sections[kept].sh_flags & SHF_ALLOC) != 0; ++kept)
    if (sections[kept].sh_type != SHT_NOBITS)
      end = std::max(end, sections[kept].sh_offset + sections[kept].sh_size);

  std::vector<char> out(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(end));
  Elf64_Shdr names = sections[header.e_shstrndx];
  const auto names_begin = bytes.begin() + static_cast<std::ptrdiff_t>(names.sh_offset);
  names.sh_offset = out.size();
  out.insert(out.end(), names_begin, names_begin + static_cast<std::ptrdiff_t>(names.sh_size));
  out.resize((out.size() + 7) / 8 * 8);
  sections.resize(kept);
  sections.push_back(names);
  poke<std::uint64_t>(out, offsetof(Elf64_Ehdr, e_shoff), out.size());
  poke<std::uint16_t>(out, offsetof(Elf64_Ehdr, e_shnum), static_cast<std::uint16_t>(kept + 1));
  poke<std::uint16_t>(out, offsetof(Elf64_Ehdr, e_shstrndx), static_cast<std::uint16_t>(kept));
  const auto* table = reinterpret_cast<const char*>(sections.data());
  out.insert(out.end(), table, table + sections.size() * sizeof(Elf64_Shdr));
  write_bytes(to, out);
  return to;
}

// A copy of `from` with `padding` zero bytes before its section header table, which stays last: large
// enough for ElfImage::open to read in windows, with .shstrtab out of the last window's reach.
inline std::filesystem::path padded_copy(const std::filesystem::path& from, const std::filesystem::path& to,
                                         std::size_t padding) {
  std::vector<char> bytes = read_bytes(from);
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(header.e_shoff), padding, '\0');
  poke<std::uint64_t>(bytes, offsetof(Elf64_Ehdr, e_shoff), header.e_shoff + padding);
  write_bytes(to, bytes);
  return to;
}

// The first `size` bytes of `from`.
inline std::filesystem::path truncated_copy(const std::filesystem::path& from,
                                            const std::filesystem::path& to, std::size_t size) {
  const std::vector<char> bytes = read_bytes(from);
  write_bytes(to, std::vector<char>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(
                                                                       std::min(size, bytes.size()))));
  return to;
}

}  // namespace godwit::test
