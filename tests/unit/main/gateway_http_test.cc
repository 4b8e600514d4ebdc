// What the light mail gateway reads: its --server URL and the server's answer.
#include "main/gateway_http.h"

#include <gtest/gtest.h>

namespace tierdesk::cli {
namespace {

TEST(GatewayServer, TakesHttpUrlsWithAPortAndABasePath) {
  auto plain = ParseGatewayServer("http://127.0.0.1:8080");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "8080");
  EXPECT_EQ(plain->path_prefix, "");
  auto named = ParseGatewayServer("http://desk.internal/tierdesk/");
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->host, "desk.internal");
  EXPECT_EQ(named->port, "80");
  EXPECT_EQ(named->path_prefix, "/tierdesk");
  auto v6 = ParseGatewayServer("http://[::1]:9000");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "9000");
}

TEST(GatewayServer, RefusesHttpsAndMalformedUrls) {
  for (const char* url : {"https://127.0.0.1:8080", "127.0.0.1:8080", "http://", "http://:80",
                          "http://host:", "http://host:http", "http://host:123456", "http://ho st",
                          "http://host/a b", "http://host/\r\nX: y"})
    EXPECT_FALSE(ParseGatewayServer(url).has_value()) << url;
}

TEST(GatewayAnswer, ReadsStatusAndBodyPlainOrChunked) {
  auto plain = ParseGatewayAnswer(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
      R"({"outcome":"created"})");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->status, 200);
  EXPECT_EQ(plain->body, R"({"outcome":"created"})");
  auto chunked = ParseGatewayAnswer(
      "HTTP/1.1 422 Unprocessable\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"
      "3;x=y\r\nefg\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.has_value());
  EXPECT_EQ(chunked->status, 422);
  EXPECT_EQ(chunked->body, "abcdefg");
}

TEST(GatewayAnswer, RefusesWhatIsNotAnHttpAnswer) {
  for (const char* raw :
       {"", "SMTP 220 hello\r\n\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/1.1 99 Low\r\n\r\n", "HTTP/1.1 2000 High\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab"})
    EXPECT_FALSE(ParseGatewayAnswer(raw).has_value()) << raw;
}

}  // namespace
}  // namespace tierdesk::cli
