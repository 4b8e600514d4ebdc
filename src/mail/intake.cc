#include "mail/intake.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/sha256.h"
#include "common/text.h"

namespace tierdesk::mail {

// Who received mail's files are uploads of (none of them is attached by a caller's command).
constexpr const char* kMailUploader = "received mail";

namespace {

// The ticket a Message-ID of ours names: "td-42@domain" (a thread root) or "td-42-7@domain"
// (one notification of ticket 42).
std::optional<core::TicketId> OwnThreadTicket(std::string_view id, std::string_view domain) {
  const std::string lowered = AsciiLower(std::string(id));
  const std::string suffix = "@" + AsciiLower(std::string(domain));
  if (!lowered.starts_with("td-") || !lowered.ends_with(suffix)) return std::nullopt;
  std::string_view digits = std::string_view(lowered).substr(3);
  core::TicketId ticket = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ticket);
  if (ec != std::errc() || ticket <= 0 || (*end != '@' && *end != '-')) return std::nullopt;
  return ticket;
}

bool IsOwnMessageId(std::string_view id, std::string_view domain) {
  return OwnThreadTicket(id, domain).has_value();
}

// "[TD-123]" anywhere in the subject.
std::optional<core::TicketId> SubjectTag(std::string_view subject) {
  for (size_t at = subject.find("[TD-"); at != std::string_view::npos;
       at = subject.find("[TD-", at + 1)) {
    const size_t close = subject.find(']', at);
    if (close == std::string_view::npos) break;
    if (auto id = core::ParseTicketRef(subject.substr(at + 1, close - at - 1))) return id;
  }
  return std::nullopt;
}

std::string IdempotencyKey(const InboundMail* mail, std::string_view raw) {
  if (mail != nullptr && !mail->message_id.empty()) return "mail:" + mail->message_id;
  return "mail-sha256:" + Sha256Hex(raw);  // without a Message-ID, the same bytes are the same mail
}

bool RetryMayHelp(const Error& e) {
  return e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kInternal;
}

// A title from the subject, or the body's first line when the subject is empty.
std::string TitleOf(const InboundMail& mail) {
  // Without the reply and forward prefixes mail programs stack ("Re: Fwd: AW: ...").
  std::string title = mail.subject;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const std::string_view prefix : {"re:", "fw:", "fwd:", "aw:", "sv:"}) {
      if (AsciiLower(title.substr(0, prefix.size())) != prefix) continue;
      const size_t rest = title.find_first_not_of(' ', prefix.size());
      title = rest == std::string::npos ? std::string() : title.substr(rest);
      stripped = true;
    }
  }
  if (title.empty()) title = mail.text.substr(0, mail.text.find('\n'));
  if (title.size() > 200) title = ValidUtf8(title.substr(0, 200));
  return title.empty() ? "(no subject)" : title;
}

}  // namespace

const char* IntakeOutcomeName(IntakeOutcome outcome) {
  switch (outcome) {
    case IntakeOutcome::kCreated:
      return "created";
    case IntakeOutcome::kReplied:
      return "replied";
    case IntakeOutcome::kDuplicate:
      return "duplicate";
    case IntakeOutcome::kRefused:
      return "refused";
  }
  return "refused";
}

Result<IntakeResult> MailIntake::Refuse(std::string_view raw, const std::string& reason,
                                        const InboundMail* mail) {
  service::RefusedMail kept;
  kept.received_at = clock_.Now();
  kept.reason = reason;
  if (mail != nullptr) {
    kept.message_id = mail->message_id;
    kept.sender = mail->from_address;
  }
  kept.raw = std::string(raw);
  kept.key = IdempotencyKey(mail, raw);  // an MTA's retry of it is not kept again
  auto id = store_.KeepRefusedMail(kept);
  if (!id) return tl::unexpected(id.error());
  return IntakeResult{IntakeOutcome::kRefused, 0, reason, *id};
}

Result<core::TicketId> MailIntake::FindThread(const InboundMail& mail) {
  for (const std::string& id : mail.thread_ids) {
    if (auto ticket = OwnThreadTicket(id, settings_.domain)) return *ticket;
    // A reply to the client's own mail that opened or continued a ticket.
    auto first = store_.FindIdempotencyKey("mail:" + id);
    if (!first) return tl::unexpected(first.error());
    if (*first && (*first)->ticket > 0) return (*first)->ticket;
  }
  if (auto tagged = SubjectTag(mail.subject)) return *tagged;
  return core::TicketId{0};
}

Result<std::vector<core::Attachment>> MailIntake::StoreAttachments(const InboundMail& mail) {
  std::vector<core::Attachment> out;
  for (const InboundAttachment& file : mail.attachments) {
    core::Attachment a{file.name, file.content_type, int64_t(file.data.size()), "", ""};
    if (a.size > settings_.max_attachment_bytes) {
      a.note = "not kept: " + std::to_string(a.size) + " bytes is over the " +
               std::to_string(settings_.max_attachment_bytes) + "-byte limit";
    } else {
      a.sha256 = Sha256Hex(file.data);
      // Kept as an upload: should the mail's command be refused, no ticket names the file and
      // the sweep of unused uploads removes it.
      if (auto stored = store_.PutUpload(kMailUploader, a.sha256, file.data, clock_.Now()); !stored)
        return tl::unexpected(stored.error());
    }
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::string> MailIntake::FitText(const std::string& text,
                                        std::vector<core::Attachment>& files) {
  if (text.size() <= settings_.max_text_bytes) return text;
  core::Attachment whole{"message.txt", "text/plain; charset=utf-8", int64_t(text.size()),
                         Sha256Hex(text), ""};
  if (auto stored = store_.PutUpload(kMailUploader, whole.sha256, text, clock_.Now()); !stored)
    return tl::unexpected(stored.error());
  files.push_back(std::move(whole));
  // Cut at a character boundary: never inside a UTF-8 sequence.
  size_t cut = settings_.max_text_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return text.substr(0, cut) + "\n[... cut here: the whole text is attached as message.txt]";
}

Result<IntakeResult> MailIntake::Apply(std::string_view raw, const InboundMail& mail,
                                       core::Command command, IntakeOutcome outcome) {
  // The events name what proved the sender: their mail, by its Message-ID.
  command.credential = "mail " + mail.message_id;
  auto applied = execute_(std::move(command));
  if (!applied) {
    if (RetryMayHelp(applied.error())) return tl::unexpected(applied.error());
    return Refuse(raw, "the ticket did not take it: " + applied.error().message, &mail);
  }
  return IntakeResult{applied->repeated ? IntakeOutcome::kDuplicate : outcome, applied->ticket.id,
                      "", 0};
}

Result<IntakeResult> MailIntake::Accept(std::string_view raw) {
  auto parsed = ParseInbound(raw, settings_.limits);
  if (!parsed) return Refuse(raw, "unreadable: " + parsed.error().message, nullptr);
  const InboundMail& mail = *parsed;

  const std::string key = IdempotencyKey(&mail, raw);
  auto seen = store_.FindIdempotencyKey(key);
  if (!seen) return tl::unexpected(seen.error());
  if (*seen) return IntakeResult{IntakeOutcome::kDuplicate, (*seen)->ticket, "", 0};

  if (!mail.automated.empty()) return Refuse(raw, "machine mail: " + mail.automated, &mail);
  if (IsOwnMessageId(mail.message_id, settings_.domain) ||
      (!settings_.own_address.empty() && mail.from_address == AsciiLower(settings_.own_address)))
    return Refuse(raw, "our own mail came back (a loop)", &mail);

  const core::Person* staff = nullptr;
  for (const core::Person& person : procedure_.people)
    if (!person.email.empty() && AsciiLower(person.email) == mail.from_address) staff = &person;
  auto found = store_.FindClientByEmail(mail.from_address);
  if (!found) return tl::unexpected(found.error());
  std::optional<service::Client> client = std::move(*found);

  auto thread = FindThread(mail);
  if (!thread) return tl::unexpected(thread.error());
  std::optional<core::Ticket> ticket;
  if (*thread > 0) {
    auto loaded = store_.Load(*thread);
    if (loaded)
      ticket = std::move(*loaded);
    else if (loaded.error().code != ErrorCode::kNotFound)
      return tl::unexpected(loaded.error());
  }

  if (ticket) {
    auto files = StoreAttachments(mail);
    if (!files) return tl::unexpected(files.error());
    auto reply = FitText(mail.reply, *files);
    if (!reply) return tl::unexpected(reply.error());
    const core::Registration& r = ticket->registration;
    const bool ticket_party =
        (client && client->id == r.client_id) ||
        AsciiLower(r.requester_email) == mail.from_address ||
        AsciiLower(r.caller_email) == mail.from_address ||
        std::any_of(r.notify.begin(), r.notify.end(),
                    [&](const std::string& n) { return AsciiLower(n) == mail.from_address; });
    if (staff != nullptr) {
      // Staff answering by mail: the text goes on the ticket for their colleagues.
      return Apply(raw, mail,
                   core::Command{staff->id, ticket->id,
                                 core::cmd::Note{*reply, false, std::move(*files)}, key},
                   IntakeOutcome::kReplied);
    }
    if (!ticket_party)
      return Refuse(raw, mail.from_address + " is not a party of " + core::TicketRef(ticket->id),
                    &mail);
    return Apply(raw, mail,
                 core::Command{core::ClientActor(r.client_id), ticket->id,
                               core::cmd::ClientReply{*reply, std::move(*files)}, key},
                 IntakeOutcome::kReplied);
  }

  if (staff != nullptr)
    return Refuse(raw, "mail from staff (" + staff->id + ") names no ticket", &mail);
  if (!client) {
    if (procedure_.intake.unknown_sender != core::Intake::UnknownSender::kRegister)
      return Refuse(raw, "unknown sender " + mail.from_address + " (not in the client directory)",
                    &mail);
    const std::string domain = mail.from_address.substr(mail.from_address.find('@') + 1);
    client =
        service::Client{"mail:" + mail.from_address, mail.from_name, mail.from_address, domain};
    if (auto put = store_.PutClient(*client); !put) return tl::unexpected(put.error());
  }
  auto files = StoreAttachments(mail);
  if (!files) return tl::unexpected(files.error());
  auto description = FitText(mail.text, *files);
  if (!description) return tl::unexpected(description.error());
  core::cmd::Create create;
  core::Registration& r = create.registration;
  r.title = TitleOf(mail);
  r.description = std::move(*description);
  r.caller_name = r.requester_name = mail.from_name.empty() ? client->name : mail.from_name;
  r.caller_email = r.requester_email = mail.from_address;
  r.channel = core::Channel::kEmail;
  r.client_id = client->id;
  r.organisation = client->organisation;
  create.attachments = std::move(*files);
  return Apply(raw, mail, core::Command{core::ClientActor(client->id), 0, std::move(create), key},
               IntakeOutcome::kCreated);
}

}  // namespace tierdesk::mail
