#include "mail/inbound.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/text.h"
#include "mail/gmime_support.h"

namespace tierdesk::mail {

namespace {

std::optional<std::string> Header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  if (value == nullptr) return std::nullopt;
  return TrimSpace(value);
}

// Machine mail, by the headers RFC 3834 and the mail systems in use set on it.
std::string AutomatedReason(GMimeMessage* message, const std::string& from_address) {
  GMimeObject* object = GMIME_OBJECT(message);
  if (auto v = Header(object, "Auto-Submitted"); v && AsciiLower(*v) != "no")
    return "Auto-Submitted: " + *v;
  if (auto v = Header(object, "Precedence")) {
    const std::string p = AsciiLower(*v);
    if (p == "bulk" || p == "junk" || p == "list" || p == "auto_reply") return "Precedence: " + *v;
  }
  for (const char* name : {"X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"})
    if (Header(object, name)) return std::string(name) + " header";
  for (const char* name : {"List-Id", "List-Unsubscribe", "List-Post"})
    if (Header(object, name)) return std::string("mailing list (") + name + ")";
  if (auto v = Header(object, "Return-Path"); v && (*v == "<>" || v->empty()))
    return "bounce (empty Return-Path)";
  const std::string local = from_address.substr(0, from_address.find('@'));
  if (local == "mailer-daemon" || local == "postmaster") return "bounce (from " + local + ")";
  if (GMimeObject* body = g_mime_message_get_mime_part(message)) {
    GMimeContentType* type = g_mime_object_get_content_type(body);
    if (type != nullptr && g_mime_content_type_is_type(type, "multipart", "report"))
      return "delivery report";
  }
  return {};
}

// Appends the Message-IDs of header `name` (last first when `newest_first`) up to `limit` in all.
void AddMessageIds(GMimeObject* object, const char* name, bool newest_first, size_t limit,
                   std::vector<std::string>& out) {
  auto value = Header(object, name);
  if (!value) return;
  GMimeReferences* refs = g_mime_references_parse(nullptr, value->c_str());
  if (refs == nullptr) return;
  const int count = g_mime_references_length(refs);
  for (int k = 0; k < count && out.size() < limit; ++k)
    out.push_back(
        ValidUtf8(g_mime_references_get_message_id(refs, newest_first ? count - 1 - k : k)));
  g_mime_references_free(refs);
}

std::string Bytes(GMimeDataWrapper* content) {
  if (content == nullptr) return {};
  GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());  // decodes base64 / QP
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// A file name that is safe to show and to offer for download: no directories, no controls.
std::string SafeName(const char* name, size_t index) {
  std::string out;
  if (name != nullptr) {
    std::string_view n(name);
    if (auto slash = n.find_last_of("/\\"); slash != std::string_view::npos)
      n.remove_prefix(slash + 1);
    // The same characters an upload's name may not hold (http/uploads.h), dropped: a mail's
    // attachment is kept whatever it is called.
    out = TrimSpace(WithoutControlCharacters(n));
    if (out == "." || out == "..") out.clear();
    out = CutUtf8(out, 200);  // the name must stay valid UTF-8
  }
  return out.empty() ? "attachment-" + std::to_string(index) : out;
}

// HTML reduced to readable text: tags dropped, scripts and styles with their content, block
// ends as line breaks, the common entities decoded.
std::string HtmlToText(std::string_view html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      const size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string tag = AsciiLower(html.substr(i + 1, end - i - 1));
      const bool closing = tag.starts_with("/");
      if (closing) tag.erase(0, 1);
      const std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/"));
      if (!closing && (name == "script" || name == "style")) {
        const size_t close = AsciiLower(html.substr(end)).find("</" + name);
        i = close == std::string::npos ? html.size() : end + close;
        continue;
      }
      const bool heading = name.size() == 2 && name[0] == 'h' && std::isdigit(name[1]);
      if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "li" || heading)
        out += '\n';
      i = end + 1;
      continue;
    }
    if (html[i] == '&') {
      static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
          {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
      bool matched = false;
      for (const auto& [entity, text] : kEntities)
        if (html.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size();
          matched = true;
          break;
        }
      if (matched) continue;
    }
    out += html[i++];
  }
  // Collapse the runs of blank lines that layout markup leaves.
  std::string text;
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : (c == '\r' ? newlines : 0);
    if (c == '\r' || newlines > 2) continue;
    text += c;
  }
  return TrimSpace(text);
}

struct Walk {
  const ParseLimits& limits;
  InboundMail& mail;
  std::string html;  // the first HTML body, used when there is no plain one
  size_t parts = 0;
  std::string error;

  void Visit(GMimeObject* object, int depth) {
    if (!error.empty() || object == nullptr) return;
    if (depth > limits.max_depth) {
      error = "MIME parts nested more than " + std::to_string(limits.max_depth) + " deep";
      return;
    }
    if (++parts > limits.max_parts) {
      error = "more than " + std::to_string(limits.max_parts) + " MIME parts";
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      const int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count; ++i) Visit(g_mime_multipart_get_part(multipart, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      // A forwarded message is kept whole, as a file the engineer can open.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return;
      char* text = g_mime_object_to_string(GMIME_OBJECT(inner), nullptr);
      mail.attachments.push_back(
          {SafeName(nullptr, mail.attachments.size() + 1) + ".eml", "message/rfc822", text});
      g_free(text);
      return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    const bool is_text = GMIME_IS_TEXT_PART(object) && !g_mime_part_is_attachment(part);
    if (is_text && g_mime_content_type_is_type(type, "text", "plain") && mail.text.empty()) {
      char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(object));
      mail.text = text == nullptr ? "" : ValidUtf8(text);
      g_free(text);
      return;
    }
    if (is_text && g_mime_content_type_is_type(type, "text", "html") && html.empty()) {
      char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(object));
      html = text == nullptr ? "" : ValidUtf8(text);
      g_free(text);
      return;
    }
    if (is_text && g_mime_content_type_is_type(type, "text", "*") &&
        !g_mime_part_get_filename(part))
      return;  // an alternative rendering of the body already taken
    char* mime_type = g_mime_content_type_get_mime_type(type);
    mail.attachments.push_back(
        {SafeName(g_mime_part_get_filename(part), mail.attachments.size() + 1),
         mime_type == nullptr ? "application/octet-stream" : mime_type,
         Bytes(g_mime_part_get_content(part))});
    g_free(mime_type);
  }
};

}  // namespace

std::string StripQuotedHistory(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  size_t keep = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string line = TrimSpace(lines[i]);
    const bool attribution = line.starts_with("On ") && line.ends_with("wrote:");
    if (attribution || line.starts_with("-----Original Message-----")) {
      keep = i;
      break;
    }
  }
  // A trailing block of quoted lines (blank lines allowed between them).
  size_t quoted_from = keep;
  while (quoted_from > 0) {
    const std::string line = TrimSpace(lines[quoted_from - 1]);
    if (!line.empty() && line[0] != '>') break;
    --quoted_from;
  }
  bool any_quoted = false;
  for (size_t i = quoted_from; i < keep; ++i) any_quoted |= !TrimSpace(lines[i]).empty();
  if (any_quoted) keep = quoted_from;
  std::string out;
  for (size_t i = 0; i < keep; ++i) {
    out += lines[i];
    out += '\n';
  }
  const std::string stripped = TrimSpace(out);
  return stripped.empty() ? TrimSpace(text) : stripped;
}

Result<InboundMail> ParseInbound(std::string_view raw, const ParseLimits& limits) {
  if (raw.size() > limits.max_message_bytes)
    return Fail(ErrorCode::kInvalidArgument, "the message is " + std::to_string(raw.size()) +
                                                 " bytes; the limit is " +
                                                 std::to_string(limits.max_message_bytes));
  InitGMime();
  // The stream copies nothing: GMime reads the caller's buffer for as long as it parses.
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return Fail(ErrorCode::kInvalidArgument, "not an RFC 5322 message");

  InboundMail mail;
  InternetAddressList* from = g_mime_message_get_from(message.get());
  for (int i = 0; from != nullptr && i < internet_address_list_length(from); ++i) {
    InternetAddress* address = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
    if (addr == nullptr || std::string_view(addr).find('@') == std::string_view::npos) continue;
    mail.from_address = ValidUtf8(AsciiLower(TrimSpace(addr)));
    const char* name = internet_address_get_name(address);
    mail.from_name = name == nullptr ? "" : ValidUtf8(TrimSpace(name));
    break;
  }
  if (mail.from_address.empty())
    return Fail(ErrorCode::kInvalidArgument, "the message has no From address");

  if (const char* id = g_mime_message_get_message_id(message.get()))
    mail.message_id = ValidUtf8(id);
  GMimeObject* object = GMIME_OBJECT(message.get());
  // References lists a thread oldest first; the newest are the likeliest to be ours.
  AddMessageIds(object, "In-Reply-To", false, limits.max_thread_ids, mail.thread_ids);
  AddMessageIds(object, "References", true, limits.max_thread_ids, mail.thread_ids);
  if (const char* subject = g_mime_message_get_subject(message.get())) {
    for (char c : ValidUtf8(subject))
      mail.subject += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    mail.subject = TrimSpace(mail.subject);
  }
  mail.automated = AutomatedReason(message.get(), mail.from_address);

  Walk walk{limits, mail};
  walk.Visit(g_mime_message_get_mime_part(message.get()), 0);
  if (!walk.error.empty()) return Fail(ErrorCode::kInvalidArgument, walk.error);
  if (mail.text.empty() && !walk.html.empty()) mail.text = HtmlToText(walk.html);
  mail.text = TrimSpace(mail.text);
  mail.reply = StripQuotedHistory(mail.text);
  return mail;
}

}  // namespace tierdesk::mail
