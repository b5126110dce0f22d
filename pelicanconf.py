"""Settings for building the bulletin locally (``invoke build`` / ``invoke serve``)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Site
AUTHOR = "Ban biên tập"
SITENAME = "Trang thông tin điện tử phường Mẫu"
SITESUBTITLE = "Thông tin hoạt động của Đảng ủy, HĐND, UBND và các đoàn thể"
# The header's emblem or logo (a neutral placeholder in the demo: never the state emblem
# image itself unless its use is allowed); "" for none.
SITE_LOGO = "theme/img/logo.svg"
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"

# Content
PATH = "content"
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images", "van-ban", "lich-cong-tac"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
READERS = {"html": None, "htm": None, "rst": None}
DEFAULT_DATE = None
# Future-dated articles are scheduled: built as previews in nhap/, published when their time comes.
WITH_FUTURE_DATES = False
CACHE_CONTENT = False

# Categories, declared once: (display name, slug, short description), in menu order.
CATEGORIES = (
    ("Tin tức – Sự kiện", "tin-tuc-su-kien", "Tin hoạt động chung của phường."),
    ("Hoạt động khối chính quyền", "hoat-dong-khoi-chinh-quyen",
     "Hoạt động của HĐND, UBND phường và các cơ quan chuyên môn."),
    ("Công tác Đảng", "cong-tac-dang", "Hoạt động của Đảng bộ và các chi bộ."),
    ("Công tác dân vận", "cong-tac-dan-van",
     "Dân vận chính quyền, Mặt trận Tổ quốc và các đoàn thể."),
    ("Bài viết chuyên sâu", "bai-viet-chuyen-sau", "Bài phân tích, tổng kết, chuyên đề."),
    ("Kinh tế – Xã hội", "kinh-te-xa-hoi", "Tình hình kinh tế, văn hóa, xã hội của phường."),
    ("An ninh – Quốc phòng", "an-ninh-quoc-phong", "Quốc phòng, an ninh, trật tự an toàn xã hội."),
    ("Thông báo", "thong-bao", "Thông báo, lịch làm việc, thủ tục hành chính."),
)

# Legacy portal categories that do not match a declared one (importer); case ignored.
LEGACY_CATEGORIES = {
    "Tin tức": "Tin tức – Sự kiện",
    "Tin địa phương": "Tin tức – Sự kiện",
    "Tin hoạt động": "Tin tức – Sự kiện",
    "Dân vận": "Công tác dân vận",
    "Xây dựng Đảng": "Công tác Đảng",
}
# The old portals the archive came from (invoke import-legacy --portal NAME), as readers
# know them: "Bài viết chuyển từ cổng thông tin phường Gia Thụy cũ." under each article.
BANTIN_LEGACY = {"portals": {
    "duc-giang": "phường Đức Giang",
    "gia-thuy": "phường Gia Thụy",
    "phuc-dong": "phường Phúc Đồng",
    "phuoc-long": "thị xã Phước Long",
}}

# Plugins: our own, one module per job, each with one dict setting.
PLUGIN_PATHS = []
# "parallel" first: a forked page writer must leave at `finalized` before any other plugin
# writes there (two processes creating output/theme/ at once fail).
PLUGINS = [f"bantin.plugins.{name}" for name in (
    "parallel", "content", "gallery", "theme", "documents", "organisation", "schedule",
    "procedures", "opendata", "cms", "assets", "seo", "cdn", "search", "legacy", "precompress")]
# Reading: what each file produced is cached by content hash in cache/ (kept between CI runs);
# files the cache has not seen are converted in one process per core.
BANTIN_CONTENT = {"cache": "cache/content.sqlite3", "workers": 0, "min_files": 64}
# Large sites render their pages in one process per core, within a memory budget.
BANTIN_PARALLEL = {"workers": 0, "min_articles": 400, "memory_mb": 560}
BANTIN_THEME = {"most_viewed": 5, "related": 5}
BANTIN_ASSETS = {"css": ["base", "header", "search", "article", "gallery", "lists", "pagination",
                         "documents", "footer", "print"],
                 "js": {"lightbox": "lightbox.js", "search": "search.js",
                        "old_address": "old-address.js", "cms": "cms.js"}}
# Văn bản: one Markdown file per document in content/van-ban/ (bantin.core.documents has
# the fields), attachments beside it; the types an editor may choose from, in this order.
BANTIN_DOCUMENTS = {"folder": "van-ban", "types": (
    "Luật", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch",
    "Thông báo", "Hướng dẫn", "Công văn", "Báo cáo", "Tờ trình", "Dự thảo")}
# Search: our index of the articles (bantin.core.searchindex), in tim-kiem/chi-muc/.
BANTIN_SEARCH = {"enabled": True, "bundle": "tim-kiem/chi-muc", "chunk": 40}
# Photos: derivatives cached by content hash in cache/images (kept between CI runs). WebP only
# (every browser readers use decodes it), quality 80: SSIM ≥ 0.97 against the source at each
# width, and a legacy 800×533 photo's derivatives weigh 0.88× the photo (invoke bench-photos).
BANTIN_GALLERY = {"cache": "cache/images", "output": "anh",
                  "images": {"widths": (480, 960, 1600), "webp_quality": 80, "jpeg": False}}
# The web editor at /quan-tri/ (Decap CMS from npm, README "Writing in the browser"); built
# when `npm ci` has installed it. publishconf.py names the ward's repository.
BANTIN_CMS = {"enabled": True, "repo": "", "branch": "main", "auth_url": "",
              "auth_scope": "public_repo",
              "local_backend": "http://127.0.0.1:8081/api/v1",
              "bundle": "node_modules/decap-cms/dist", "required": False}
BANTIN_SEO = {"og_image": "theme/img/og-default.png", "disallow": ["nhap/", "quan-tri/"]}

# Editor checks (invoke check): photo size limit and hosts whose <iframe> embeds are allowed.
BANTIN_CHECK = {"max_photo_mb": 10,
                "embed_hosts": ("www.youtube.com", "www.youtube-nocookie.com")}

# URLs: one .html file per page, readable ASCII slugs, URL == file path.
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
DRAFT_URL = DRAFT_SAVE_AS = "nhap/{slug}.html"
PAGE_URL = PAGE_SAVE_AS = "trang/{slug}.html"
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = "nhap/trang/{slug}.html"
CATEGORY_URL = CATEGORY_SAVE_AS = "chuyen-muc/{slug}.html"
CATEGORIES_URL = CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = TAG_SAVE_AS = "the/{slug}.html"
TAGS_URL = TAGS_SAVE_AS = "the/index.html"
ARCHIVES_URL = ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_URL = YEAR_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = MONTH_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/{date:%m}/index.html"
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
SEARCH_URL = SEARCH_SAVE_AS = "tim-kiem/index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "404", "search"]
PAGINATED_TEMPLATES = {"index": 10, "category": 10, "tag": 10}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}-trang-{number}{extension}", "{name}-trang-{number}{extension}"),
)

# Feeds: Atom for the whole site and per category.
FEED_DOMAIN = "http://127.0.0.1:8000"  # the local preview; publishconf sets the real one
FEED_ALL_ATOM = "feeds/tat-ca.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = CATEGORY_FEED_RSS = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20

# Theme
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Share links under each article: plain links, no third-party script. {url} is the
# article's address, URL-encoded.
SHARE_LINKS = (
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Zalo", "https://sp.zalo.me/share_to_zalo?url={url}"),
)

# Contact data shown in the footer (fictional sample data for the demo site).
CONTACT = {
    "address": "Số 1 đường Ví Dụ, phường Mẫu (địa chỉ minh họa)",
    "phone": "024 0000 0000 (số minh họa)",
    "email": "bantin@example.org",
}
