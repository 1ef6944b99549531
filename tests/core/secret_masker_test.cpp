// The one masker for everything godwit stores, logs or prints (godwit/driver/secret_masker.hpp).
#include "godwit/driver/secret_masker.hpp"

#include <gtest/gtest.h>

#include "godwit/core/config/database_url.hpp"

namespace {

using godwit::driver::SecretMasker;

std::string structure(std::string_view text) {
  return SecretMasker::mask_structure(text);
}

TEST(SecretMasker, MasksUrlUserinfoPasswords) {
  EXPECT_EQ(structure("postgresql://noah:s3cret@db:5432/noah"), "postgresql://noah:***@db:5432/noah");
  EXPECT_EQ(structure("postgresql://noah@db/noah"), "postgresql://noah@db/noah");
  EXPECT_EQ(structure("postgresql://db:5432/noah"), "postgresql://db:5432/noah");
  EXPECT_EQ(structure("failed: postgresql://u:pw@h/db."), "failed: postgresql://u:***@h/db.");
}

TEST(SecretMasker, AnAtSignInThePasswordIsMaskedWhole) {
  EXPECT_EQ(structure("postgresql://u:p@ss@db/x"), "postgresql://u:***@db/x");
  EXPECT_EQ(structure("postgresql://u:a/b?c#d@db/x"), "postgresql://u:***@db/x");
}

TEST(SecretMasker, PercentEncodedPasswordsAreMaskedAsWrittenAndDecoded) {
  EXPECT_EQ(structure("postgresql://u:p%40ss%2Fw@db/x"), "postgresql://u:***@db/x");
  SecretMasker masker;
  masker.add_url("postgresql://u:p%40ss%2Fw@db/x");
  EXPECT_EQ(masker.mask("the server said p@ss/w and p%40ss%2Fw"), "the server said *** and ***");
}

TEST(SecretMasker, MasksEveryUrlInOneText) {
  EXPECT_EQ(structure("see postgresql://a:bb@h/d and postgresql://h/d, then mysql://c:dd@h2/e"),
            "see postgresql://a:***@h/d and postgresql://h/d, then mysql://c:***@h2/e");
  EXPECT_EQ(structure("'postgresql://a:x@h/d' \"postgres://b:y@h/d\""),
            "'postgresql://a:***@h/d' \"postgres://b:***@h/d\"");
}

TEST(SecretMasker, APortThatIsNoNumberIsMasked) {
  // Without '@', "user:secret" reads as host and port.
  EXPECT_EQ(structure("postgresql://u:secret/db"), "postgresql://u:***/db");
  EXPECT_EQ(structure("postgresql://[::1]:5432/db"), "postgresql://[::1]:5432/db");
}

TEST(SecretMasker, MasksPasswordKeywords) {
  EXPECT_EQ(structure("could not connect: host=db password=hunter2 user=x"),
            "could not connect: host=db password=*** user=x");
  EXPECT_EQ(structure("host=db PASSWORD = 'it\\'s secret' user=x"), "host=db PASSWORD = '***' user=x");
  EXPECT_EQ(structure("postgresql://h/db?sslmode=require&password=hunter2&x=1"),
            "postgresql://h/db?sslmode=require&password=***&x=1");
  EXPECT_EQ(structure("ALTER ROLE app PASSWORD 'it''s secret' VALID UNTIL 'infinity'"),
            "ALTER ROLE app PASSWORD '***' VALID UNTIL 'infinity'");
  EXPECT_EQ(structure("'host=h password=x'"), "'host=h password=***'");
  EXPECT_EQ(structure("(password=hunter2), then password=a,b."), "(password=***), then password=***.");
}

TEST(SecretMasker, LeavesTextWithoutPasswordsAlone) {
  const std::string texts[] = {
      "password authentication failed for user \"noah\"",
      "the server requires a password for user \"noah\"",
      "note: mail noah@example.com about it",
      "relation \"users\" has no column \"password\"",
      "",
  };
  SecretMasker masker;
  masker.add("hunter2");
  for (const auto& text : texts) EXPECT_EQ(masker.mask(text), text);
}

TEST(SecretMasker, MasksLiteralSecretsWherever) {
  SecretMasker masker;
  masker.add("s3cret");
  EXPECT_EQ(masker.mask("s3cret at the start, in the middle (xs3cretx), at the end: s3cret"),
            "*** at the start, in the middle (x***x), at the end: ***");
}

TEST(SecretMasker, SecretsWithRegexAndSpecialCharactersAreLiterals) {
  SecretMasker masker;
  masker.add("a.*b+(c)?[d]\\e$^|{2}");
  masker.add("%s%n%x");
  EXPECT_EQ(masker.mask("x a.*b+(c)?[d]\\e$^|{2} y %s%n%x z"), "x *** y *** z");
  EXPECT_EQ(masker.mask("aXXb+(c)?[d]\\e$^|{2}"), "aXXb+(c)?[d]\\e$^|{2}");
}

TEST(SecretMasker, LongerSecretsWinOverTheirParts) {
  SecretMasker masker;
  masker.add("pass");
  masker.add("pass%40word");
  EXPECT_EQ(masker.mask("pass%40word"), "***");
}

// "a" as a literal would turn "table" into "t***ble": too short to mask everywhere, still masked where
// the structure says it is a password.
TEST(SecretMasker, ShortSecretsAreMaskedOnlyWhereTheStructureShowsThem) {
  SecretMasker masker;
  masker.add("a");
  masker.add("pw");
  masker.add("abc");
  EXPECT_EQ(masker.mask("create table data (a int, pw text, abc text)"),
            "create table data (a int, pw text, abc text)");
  EXPECT_EQ(masker.mask("postgresql://u:a@h/db password=pw"), "postgresql://u:***@h/db password=***");
  masker.add("abcd");  // kMinLiteralLength
  EXPECT_EQ(masker.mask("abcde"), "***e");
}

TEST(SecretMasker, MaskUrlHandlesUrlsWithoutScheme) {
  const SecretMasker masker;
  EXPECT_EQ(masker.mask_url("noah:s3cret@db/noah"), "noah:***@db/noah");
  EXPECT_EQ(masker.mask_url("localhost:5432/noah"), "localhost:5432/noah");
  EXPECT_EQ(masker.mask_url("postgresql://u:a b@h/d"), "postgresql://u:***@h/d");
}

TEST(SecretMasker, UrlPasswordsAreFoundInUserinfoAndQuery) {
  EXPECT_EQ(SecretMasker::url_passwords("postgresql://u:p%40ss@h/db?password=q%20w"),
            (std::vector<std::string>{"p%40ss", "p@ss", "q%20w", "q w"}));
  EXPECT_TRUE(SecretMasker::url_passwords("postgresql://u@h/db").empty());
}

// The configured password is registered once, from the URL in use, DATABASE_URL and DATABASE_PASSWORD.
TEST(SecretMasker, ConfiguredPasswordsAreRegisteredGlobally) {
  godwit::core::config::Config config;
  config.database_url = "postgresql://u:from-the-url@h/db";
  godwit::core::config::register_database_secrets(
      config, {{"DATABASE_URL", "postgresql://u:from-the-env@h/db"}, {"DATABASE_PASSWORD", "pa ss/word"}});
  EXPECT_EQ(godwit::driver::mask_secrets("from-the-url from-the-env pa ss/word pa%20ss%2Fword"),
            "*** *** *** ***");
}

}  // namespace
