"""Word lists that make the synthetic plans read like real ones."""

from __future__ import annotations

PASSWORD = "duban-synth"
REMIND_DAYS = 3

DEPARTMENTS = [
    "办公室",
    "政策法规处",
    "基础教育处",
    "职业教育与成人教育处",
    "高等教育处",
    "计划财务处",
    "人事处",
    "教育督导处",
    "安全管理处",
    "组织宣传处",
    "体育卫生与艺术教育处",
    "教师工作处",
    "学生资助管理处",
    "审计处",
]
AFFILIATED = ["教学研究院", "教育技术装备中心", "考试中心", "教育发展研究所"]
ALL_DEPARTMENTS, CONCERNED = "各处室", "各有关单位"

SECTION_TITLES = [
    "全面加强党的建设",
    "推进教育优质均衡发展",
    "深化教育领域综合改革",
    "加强教师队伍建设",
    "提升教育治理能力",
    "保障校园安全稳定",
    "促进学生全面发展",
    "推进教育数字化转型",
    "办好人民满意的教育",
    "强化教育督导评估",
]
VERBS = ["推进", "实施", "深化", "完善", "落实", "加快", "开展", "健全", "优化", "强化"]
OBJECTS = [
    "学前教育补短攻坚计划",
    "义务教育优质均衡发展创建",
    "普通高中多样化特色发展",
    "职业教育产教融合",
    "教师队伍“县管校聘”管理改革",
    "中小学课后服务提质扩面",
    "校园安全风险防控体系建设",
    "智慧教育示范区建设",
    "教育督导问责机制",
    "家庭经济困难学生资助工作",
    "学生体质健康监测",
    "民办教育分类管理",
]
METRICS = [
    ("新增学位", "个", 6000),
    ("新建改扩建学校", "所", 12),
    ("培训教师", "人次", 3000),
    ("创建示范学校", "所", 20),
    ("覆盖率", "%", 95),
    ("资助学生", "人", 8000),
]


def numeral(value: int) -> str:
    """A Chinese numeral up to 99, for section numbers."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(value, 10)
    return (
        ("" if tens <= 1 else digits[tens - 1]) + ("十" if tens else "") + (digits[ones - 1] if ones else "")
    )
