#include "mail/mime.h"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace tierdesk::mail {

namespace {

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

template <class T>
struct GObjectDeleter {
  void operator()(T* p) const { g_object_unref(p); }
};

}  // namespace

std::string BuildMime(const OutgoingMail& mail) {
  InitGMime();
  std::unique_ptr<GMimeMessage, GObjectDeleter<GMimeMessage>> message(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, mail.from_name.c_str(),
                             mail.from_address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, "", mail.to_address.c_str());
  g_mime_message_set_subject(message.get(), mail.subject.c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), mail.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(mail.date.time_since_epoch().count());
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  GMimeObject* object = GMIME_OBJECT(message.get());
  if (!mail.in_reply_to.empty()) {
    const std::string id = "<" + mail.in_reply_to + ">";
    g_mime_object_set_header(object, "In-Reply-To", id.c_str(), nullptr);
    g_mime_object_set_header(object, "References", id.c_str(), nullptr);
  }
  // Our mail is automated: auto-responders must not answer it (RFC 3834).
  g_mime_object_set_header(object, "Auto-Submitted", "auto-generated", nullptr);
  for (const auto& [name, value] : mail.headers)
    g_mime_object_set_header(object, name.c_str(), value.c_str(), "utf-8");

  // Always UTF-8, quoted-printable: readable in any mail program, safe over any relay.
  std::unique_ptr<GMimeTextPart, GObjectDeleter<GMimeTextPart>> body(
      g_mime_text_part_new_with_subtype("plain"));
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(mail.text.data(), mail.text.size());
  GMimeDataWrapper* content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(GMIME_PART(body.get()), content);
  g_object_unref(content);
  g_object_unref(stream);
  g_mime_text_part_set_charset(body.get(), "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(body.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(body.get()));

  GMimeFormatOptions* options = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(object, options);
  g_mime_format_options_free(options);
  std::string out(text);
  g_free(text);
  return out;
}

}  // namespace tierdesk::mail
