"""The NinjaAPI instance behind /api/v1: authentication, rate limits, errors, documentation, routers."""

from __future__ import annotations

from ninja import NinjaAPI

from duban.api import errors
from duban.api.auth import SessionAuth, TokenAuth
from duban.api.docs import OfflineSwagger
from duban.api.routers import (
    adhoc,
    assessment,
    cascades,
    circulars,
    dashboard,
    documents,
    milestones,
    plans,
    reminders,
    reports,
    requests,
    signoffs,
    tasks,
    units,
)

DESCRIPTION = """
督办系统的开放接口，供办公平台对接。

- **认证**：个人 API 令牌（请求头 `Authorization: Bearer dbn_…`，
  用 `duban token create 用户名 --name 用途` 创建），或浏览器登录会话（写操作需在请求头 `X-CSRFToken`
  中附上 CSRF 令牌）。令牌与其用户权限相同，可随时撤销。
- **权限**：与页面相同的规则；其他组织的对象一律返回 404。
- **分页**：列表接口使用 `limit`（默认 50，最大 200）与 `offset`，返回 `{"items": [...], "count": 总数}`。
- **错误**：统一为 `{"error": {"code": "...", "message": "中文说明", "fields": {"字段": "说明"}}}`。
- **限流**：每个令牌或登录用户、每个未认证的来源地址各有每分钟请求上限；超出返回 429 并带 `Retry-After`。
"""

api = NinjaAPI(
    title="督办 Duban API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    docs=OfflineSwagger(),
)
errors.register(api)

api.add_router("/units", units.router)
api.add_router("/plans", plans.router)
api.add_router("/tasks", tasks.router, tags=["任务"])
api.add_router("/", reports.router)
api.add_router("/", requests.router)
api.add_router("/", documents.router)
api.add_router("/", milestones.router)
api.add_router("/reminders", reminders.router)
api.add_router("/signoffs", signoffs.router)
api.add_router("/dashboard", dashboard.router)
api.add_router("/cascades", cascades.router)
api.add_router("/", assessment.router)
api.add_router("/adhoc-items", adhoc.router)
api.add_router("/", circulars.router)
