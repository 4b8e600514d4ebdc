#pragma once

// The mail commands of the CLI: the MTA's pipe into a running server, and the client directory.

#include <string>

#include "json/codec.h"
#include "mail/intake.h"
#include "main/mail_gateway_exit.h"
#include "service/ports.h"

namespace tierdesk::cli {

// What intake did with a message, as the API answers it.
json::Json MailOutcomeJson(const mail::IntakeResult& result);

// `tierdesk mail-gateway`: one RFC 5322 message on standard input, handed to the server at
// `server_url` with the token read from `token_file`. 0 once the server holds it durably (taken
// or refused and kept); kExTempFail when it should be offered again.
int RunMailGateway(const std::string& server_url, const std::string& token_file);

// `tierdesk client add`: enters or replaces a client in the directory. Exit 2 on bad input.
int AddClient(service::ClientDirectory& store, const service::Client& client);

}  // namespace tierdesk::cli
