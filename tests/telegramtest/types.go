package telegramtest

// The Bot API objects the fake serves, with the field names, nesting and
// omission rules of the real API (https://core.telegram.org/bots/api).

// User is a Telegram user or bot (the Bot API's User object).
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Bot is a bot registered on the fake: its user and the token it calls with.
type Bot struct {
	User
	Token string `json:"-"`
}

// Chat types, as the Bot API spells them.
const (
	ChatPrivate    = "private"
	ChatGroup      = "group"
	ChatSupergroup = "supergroup"
	ChatChannel    = "channel"
)

// Chat is the short Chat object embedded in messages and updates.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// IsForum marks a supergroup with topics enabled (AddForum).
	IsForum bool `json:"is_forum,omitempty"`
}

// MessageEntity is one formatting or auto-detected entity of a text; offsets
// and lengths count UTF-16 code units, as in the Bot API.
type MessageEntity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	User          *User  `json:"user,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

// InlineKeyboard is an inline keyboard attached to a message.
type InlineKeyboard struct {
	InlineKeyboard [][]Button `json:"inline_keyboard"`
}

// Button is one inline keyboard button.
type Button struct {
	Text                         string    `json:"text"`
	URL                          string    `json:"url,omitempty"`
	CallbackData                 string    `json:"callback_data,omitempty"`
	SwitchInlineQuery            *string   `json:"switch_inline_query,omitempty"`
	SwitchInlineQueryCurrentChat *string   `json:"switch_inline_query_current_chat,omitempty"`
	WebApp                       *urlField `json:"web_app,omitempty"`
	LoginURL                     *urlField `json:"login_url,omitempty"`
	CopyText                     *textOnly `json:"copy_text,omitempty"`
	Pay                          bool      `json:"pay,omitempty"`
}

type urlField struct {
	URL string `json:"url"`
}

type textOnly struct {
	Text string `json:"text"`
}

// Message is a message as the Bot API returns and delivers it.
type Message struct {
	MessageID           int             `json:"message_id"`
	MessageThreadID     int             `json:"message_thread_id,omitempty"`
	From                *User           `json:"from,omitempty"`
	SenderChat          *Chat           `json:"sender_chat,omitempty"`
	Date                int64           `json:"date"`
	Chat                Chat            `json:"chat"`
	IsTopicMessage      bool            `json:"is_topic_message,omitempty"`
	ForwardOrigin       *MessageOrigin  `json:"forward_origin,omitempty"`
	IsAutomaticForward  bool            `json:"is_automatic_forward,omitempty"`
	ReplyToMessage      *Message        `json:"reply_to_message,omitempty"`
	EditDate            int64           `json:"edit_date,omitempty"`
	Text                string          `json:"text,omitempty"`
	Entities            []MessageEntity `json:"entities,omitempty"`
	NewChatParticipant  *User           `json:"new_chat_participant,omitempty"`
	NewChatMember       *User           `json:"new_chat_member,omitempty"`
	NewChatMembers      []User          `json:"new_chat_members,omitempty"`
	LeftChatParticipant *User           `json:"left_chat_participant,omitempty"`
	LeftChatMember      *User           `json:"left_chat_member,omitempty"`
	MigrateToChatID     int64           `json:"migrate_to_chat_id,omitempty"`
	MigrateFromChatID   int64           `json:"migrate_from_chat_id,omitempty"`
	ReplyMarkup         *InlineKeyboard `json:"reply_markup,omitempty"`
	ForumTopicCreated   *TopicCreated   `json:"forum_topic_created,omitempty"`
}

// TopicCreated is the forum_topic_created service message of a new topic.
type TopicCreated struct {
	Name      string `json:"name"`
	IconColor int    `json:"icon_color"`
}

// MessageOrigin tells where a forwarded message came from (channel origin only).
type MessageOrigin struct {
	Type      string `json:"type"`
	Date      int64  `json:"date"`
	Chat      *Chat  `json:"chat,omitempty"`
	MessageID int    `json:"message_id,omitempty"`
}

// Permissions are what members of a chat may do (the Bot API's ChatPermissions).
// In restrictChatMember requests an omitted field means false.
type Permissions struct {
	CanSendMessages       bool `json:"can_send_messages"`
	CanSendAudios         bool `json:"can_send_audios"`
	CanSendDocuments      bool `json:"can_send_documents"`
	CanSendPhotos         bool `json:"can_send_photos"`
	CanSendVideos         bool `json:"can_send_videos"`
	CanSendVideoNotes     bool `json:"can_send_video_notes"`
	CanSendVoiceNotes     bool `json:"can_send_voice_notes"`
	CanSendPolls          bool `json:"can_send_polls"`
	CanSendOtherMessages  bool `json:"can_send_other_messages"`
	CanAddWebPagePreviews bool `json:"can_add_web_page_previews"`
	CanChangeInfo         bool `json:"can_change_info"`
	CanInviteUsers        bool `json:"can_invite_users"`
	CanPinMessages        bool `json:"can_pin_messages"`
	CanManageTopics       bool `json:"can_manage_topics"`
}

// DefaultPermissions are the member permissions of a new group: everything
// but changing the info, pinning and managing topics.
var DefaultPermissions = Permissions{
	CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true, CanSendPhotos: true,
	CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true, CanSendPolls: true,
	CanSendOtherMessages: true, CanAddWebPagePreviews: true, CanInviteUsers: true,
}

// AdminRights are an administrator's rights (the Bot API's ChatAdministratorRights).
type AdminRights struct {
	IsAnonymous         bool `json:"is_anonymous"`
	CanManageChat       bool `json:"can_manage_chat"`
	CanDeleteMessages   bool `json:"can_delete_messages"`
	CanManageVideoChats bool `json:"can_manage_video_chats"`
	CanRestrictMembers  bool `json:"can_restrict_members"`
	CanPromoteMembers   bool `json:"can_promote_members"`
	CanChangeInfo       bool `json:"can_change_info"`
	CanInviteUsers      bool `json:"can_invite_users"`
	CanPostStories      bool `json:"can_post_stories"`
	CanEditStories      bool `json:"can_edit_stories"`
	CanDeleteStories    bool `json:"can_delete_stories"`
	CanPostMessages     bool `json:"can_post_messages"`
	CanEditMessages     bool `json:"can_edit_messages"`
	CanPinMessages      bool `json:"can_pin_messages"`
	CanManageTopics     bool `json:"can_manage_topics"`
}

// InviteLink is a chat invite link (the Bot API's ChatInviteLink).
type InviteLink struct {
	InviteLink              string `json:"invite_link"`
	Creator                 User   `json:"creator"`
	CreatesJoinRequest      bool   `json:"creates_join_request"`
	IsPrimary               bool   `json:"is_primary"`
	IsRevoked               bool   `json:"is_revoked"`
	Name                    string `json:"name,omitempty"`
	ExpireDate              int64  `json:"expire_date,omitempty"`
	MemberLimit             int    `json:"member_limit,omitempty"`
	PendingJoinRequestCount int    `json:"pending_join_request_count,omitempty"`
}

// CallbackAnswer is what a bot answered to a callback query.
type CallbackAnswer struct {
	QueryID   string
	BotID     int64
	UserID    int64
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
}

type callbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *Message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

type chatMemberUpdated struct {
	Chat           Chat        `json:"chat"`
	From           User        `json:"from"`
	Date           int64       `json:"date"`
	OldChatMember  any         `json:"old_chat_member"`
	NewChatMember  any         `json:"new_chat_member"`
	InviteLink     *InviteLink `json:"invite_link,omitempty"`
	ViaJoinRequest bool        `json:"via_join_request,omitempty"`
}

type chatJoinRequest struct {
	Chat       Chat        `json:"chat"`
	From       User        `json:"from"`
	UserChatID int64       `json:"user_chat_id"`
	Date       int64       `json:"date"`
	Bio        string      `json:"bio,omitempty"`
	InviteLink *InviteLink `json:"invite_link,omitempty"`
}

type botCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}
