// The migration lock of a database file: Linux open-file-description (OFD) locks on "<file>-godwit.lock".
//
// Why a sidecar file and OFD locks: SQLite keeps classic POSIX (fcntl F_SETLK) locks on the database file,
// and the process drops all of those when it closes *any* descriptor of that file -- so godwit must not lock
// the database file itself, and must not use classic POSIX locks at all. An OFD lock belongs to one open
// file description: closing another descriptor does not drop it, two descriptors opened separately (two
// connections of one process) exclude each other, and the kernel frees it when the process dies. flock()
// would do that too, but locks a whole file; OFD locks take byte ranges, so each key gets its own byte
// (2^62 + the key's low 61 bits, far beyond anything written: never written itself).
//
// Who holds a key is written into the file's first 32 KiB, a table of 64 slots of 512 bytes, each empty or
// holding "<key>\t<description>\n". A holder takes the slot already naming its key (a killed holder's,
// left behind), else the first empty one from a slot picked by the key's mixed bits (the host's keys are
// FNV hashes that often share their low bits), else that slot; a released lock empties its slot. The table
// is read and written whole under a short OFD lock of its own range, so two processes never take one slot.
// A slot only describes: whether a key is held is asked of the kernel (F_OFD_GETLK) first, so a killed
// holder's leftover text is never shown. The file is never deleted: deleting a lock file while another
// runner waits on it is how two runners end up holding "the" lock; lock_held() notices when someone else
// deletes or replaces it.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "godwit/errors.hpp"
#include "locks.hpp"

namespace godwit::sqlite {
namespace {

constexpr off_t kKeyBase = static_cast<off_t>(1) << 62;
constexpr std::uint64_t kKeyMask = (static_cast<std::uint64_t>(1) << 61) - 1;
constexpr std::size_t kSlots = 64;
constexpr std::size_t kSlotSize = 512;
constexpr off_t kTableSize = static_cast<off_t>(kSlots * kSlotSize);

off_t key_offset(std::int64_t key) {
  return kKeyBase + static_cast<off_t>(static_cast<std::uint64_t>(key) & kKeyMask);
}

std::string slot_prefix(std::int64_t key) {
  return std::to_string(key) + "\t";
}

// F_OFD_SETLK(W) on [start, start + length). True when granted; false when another description holds a
// conflicting lock (only without `wait`). Throws for anything else (a kernel without OFD locks: EINVAL).
bool ofd_lock(int fd, short type, off_t start, off_t length, bool wait, const std::string& path) {
  struct flock request {};
  request.l_type = type;
  request.l_whence = SEEK_SET;
  request.l_start = start;
  request.l_len = length;
  request.l_pid = 0;  // required for OFD locks
  for (;;) {
    if (::fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &request) == 0) return true;
    if (errno == EINTR) continue;
    if (!wait && (errno == EAGAIN || errno == EACCES)) return false;
    throw Error("cannot lock " + path + ": " + std::strerror(errno) +
                " (godwit needs Linux open-file-description locks, kernel 3.15+, on a local file system)");
  }
}

// The description table, read whole under a lock of its range (F_RDLCK to read, F_WRLCK to change it).
class SlotTable {
 public:
  SlotTable(int fd, short type, const std::string& path) : fd_(fd), path_(path) {
    ofd_lock(fd_, type, 0, kTableSize, true, path_);
    const ssize_t got = ::pread(fd_, table_.data(), table_.size(), 0);
    if (got < static_cast<ssize_t>(table_.size()))
      std::fill(table_.begin() + std::max<ssize_t>(got, 0), table_.end(), '\0');  // a new file is short
  }
  ~SlotTable() {
    try {
      ofd_lock(fd_, F_UNLCK, 0, kTableSize, true, path_);
    } catch (...) {
      // Closing the descriptor drops it anyway.
    }
  }
  SlotTable(const SlotTable&) = delete;
  SlotTable& operator=(const SlotTable&) = delete;

  // The slot naming `key`, or kSlots.
  std::size_t find(std::int64_t key) const {
    const std::string prefix = slot_prefix(key);
    for (std::size_t slot = 0; slot < kSlots; ++slot)
      if (table_.compare(slot * kSlotSize, prefix.size(), prefix) == 0) return slot;
    return kSlots;
  }
  // The description in `slot`, up to its line end.
  std::string text(std::size_t slot, std::int64_t key) const {
    const std::size_t start = slot * kSlotSize + slot_prefix(key).size();
    const std::size_t end = std::min(table_.find('\n', start), (slot + 1) * kSlotSize);
    return table_.substr(start, end - start);
  }
  void write(std::int64_t key, const std::string& description) {
    std::size_t slot = find(key);
    const std::size_t home = home_slot(key);
    for (std::size_t i = 0; slot == kSlots && i < kSlots; ++i)
      if (table_[((home + i) % kSlots) * kSlotSize] == '\0') slot = (home + i) % kSlots;
    if (slot == kSlots) slot = home;  // 64 holders at once: the newest description wins
    std::string line = slot_prefix(key) + description;
    line.resize(std::min(line.size(), kSlotSize - 1));
    line += '\n';
    line.resize(kSlotSize, '\0');
    (void)::pwrite(fd_, line.data(), line.size(), static_cast<off_t>(slot * kSlotSize));
  }
  void clear(std::int64_t key) {
    const std::size_t slot = find(key);
    if (slot == kSlots) return;
    const std::string zeros(kSlotSize, '\0');
    (void)::pwrite(fd_, zeros.data(), zeros.size(), static_cast<off_t>(slot * kSlotSize));
  }

 private:
  // splitmix64's finaliser: every bit of the key moves the slot.
  static std::size_t home_slot(std::int64_t key) {
    std::uint64_t z = static_cast<std::uint64_t>(key) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>((z ^ (z >> 31)) % kSlots);
  }

  int fd_;
  const std::string& path_;
  std::string table_ = std::string(kSlots * kSlotSize, '\0');
};

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

class FileHeldLock final : public HeldLock {
 public:
  FileHeldLock(int fd, std::string path, const struct stat& identity, std::int64_t key)
      : fd_(fd), path_(std::move(path)), identity_(identity), key_(key) {}
  ~FileHeldLock() override {
    try {
      clear_slot();
    } catch (...) {
      // The description is only a hint; closing below releases the lock whatever happened.
    }
    ::close(fd_);
  }
  FileHeldLock(const FileHeldLock&) = delete;
  FileHeldLock& operator=(const FileHeldLock&) = delete;

  bool held() const noexcept override {
    struct stat now {};
    return ::fcntl(fd_, F_GETFD) != -1 && ::stat(path_.c_str(), &now) == 0 && same_file(now, identity_);
  }

  void write_slot(const std::string& description) { SlotTable(fd_, F_WRLCK, path_).write(key_, description); }

 private:
  void clear_slot() { SlotTable(fd_, F_WRLCK, path_).clear(key_); }

  int fd_;
  std::string path_;
  struct stat identity_;
  std::int64_t key_;
};

class FileLockSpace final : public LockSpace {
 public:
  explicit FileLockSpace(const std::string& file) : path_(file + "-godwit.lock") {}

  std::unique_ptr<HeldLock> try_acquire(std::int64_t key, const std::string& description) override {
    // A lock file replaced between open() and the lock would be a lock on nothing: check, and retry.
    for (int attempt = 0; attempt < 5; ++attempt) {
      const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        throw Error("cannot open the lock file " + path_ + ": " + std::strerror(errno) +
                    " — godwit serialises runners on an SQLite database with a lock file next to it, so its "
                    "directory must be writable by this user");
      bool locked = false;
      try {
        locked = ofd_lock(fd, F_WRLCK, key_offset(key), 1, false, path_);
      } catch (...) {
        ::close(fd);
        throw;
      }
      if (!locked) {
        ::close(fd);
        return nullptr;
      }
      struct stat opened {
      }, named{};
      if (::fstat(fd, &opened) == 0 && ::stat(path_.c_str(), &named) == 0 && same_file(opened, named)) {
        auto held = std::make_unique<FileHeldLock>(fd, path_, opened, key);
        held->write_slot(description);
        return held;
      }
      ::close(fd);
    }
    throw Error("the lock file " + path_ + " keeps being deleted or replaced while godwit locks it");
  }

  std::string describe_holder(std::int64_t key) override {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};  // no lock file: nobody ever locked
    std::string text;
    try {
      text = holder_of(fd, key);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    return text;
  }

 private:
  std::string holder_of(int fd, std::int64_t key) const {
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = key_offset(key);
    probe.l_len = 1;
    if (::fcntl(fd, F_OFD_GETLK, &probe) != 0 || probe.l_type == F_UNLCK) return {};
    const SlotTable table(fd, F_RDLCK, path_);
    const std::size_t slot = table.find(key);
    if (slot == kSlots)
      return "a process that left no description in " + path_ + " (`fuser " + path_ + "` names it)";
    return table.text(slot, key) + "; lock file " + path_;
  }

  std::string path_;
};

}  // namespace

std::unique_ptr<LockSpace> file_lock_space(const std::string& file) {
  return std::make_unique<FileLockSpace>(file);
}

}  // namespace godwit::sqlite
