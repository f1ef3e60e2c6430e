"""The management pages' forms: a region, an agency, a new user, a role.

Each form is made for the signed-in manager: its choices are what `access` lets them manage, and
its `clean` checks the models' rules (level below the parent, one office per region, unique
names) so that a mistake reads as a Chinese error, never as a database error.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

# Used when the settings name no validators of their own (the shipped settings do not).
DEFAULT_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
_NOT_MANAGED = "所选机关不存在或不在您的管理范围内"
# Django's own messages, by code, in Chinese whatever the installed translation holds (Django
# 5.2's zh_Hans catalogue misses the new wording of "too short").
_PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要 {min_length} 个字符",
    "password_too_common": "这个密码太常见了",
    "password_entirely_numeric": "密码不能全是数字",
    "password_too_similar": "密码与用户名或姓名太相似",
}


def password_validators() -> list[Any]:
    return password_validation.get_password_validators(
        getattr(settings, "AUTH_PASSWORD_VALIDATORS", None) or DEFAULT_PASSWORD_VALIDATORS)


def password_errors(exc: ValidationError) -> list[str]:
    """The validators' complaints in Chinese."""
    found = []
    for error in exc.error_list:
        message = _PASSWORD_MESSAGES.get(error.code or "")
        try:
            found.append(message.format(**(error.params or {})) if message
                         else error.messages[0])
        except (KeyError, IndexError):
            found.append(error.messages[0])
    return found


def generated_password(length: int = 14) -> str:
    """A random password of letters and digits without the look-alikes (0/O, 1/l/I)."""
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _name(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError(f"请填写{what}名称")
    return value


class RegionForm(forms.Form):
    """A new region under a parent the user may add to (none: a top-level region,
    administrators only)."""

    parent = forms.ModelChoiceField(label="上级地区", queryset=Region.objects.none(),
                                    required=False, empty_label="（无，顶级地区）",
                                    error_messages={"invalid_choice": "所选上级地区不存在或不在"
                                                                      "您的管理范围内"})
    name = forms.CharField(label="地区名称", max_length=100, error_messages={
        "required": "请填写地区名称", "max_length": "地区名称不能超过 100 字"})
    level = forms.TypedChoiceField(label="层级", choices=Level.choices, coerce=int,
                                   error_messages={
                                       "required": "请选择层级",
                                       "invalid_choice": "请选择省级、市级、县区级或乡镇街道"})

    def __init__(self, *args: Any, user: Any, using: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "region-%s")  # ids unique beside the agency form
        super().__init__(*args, **kwargs)
        self.manager, self.using = user, using
        self.fields["parent"].queryset = access.parent_regions(user, using).order_by(
            "level", "name")
        if not access.is_admin(user, using):
            self.fields["parent"].required = True
            self.fields["parent"].empty_label = "（请选择）"
            self.fields["parent"].error_messages["required"] = "请选择上级地区"

    def clean_name(self) -> str:
        return _name(self.cleaned_data["name"], "地区")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "parent" not in data or "name" not in data or "level" not in data:
            return data
        parent, name = data["parent"], data["name"]
        if not access.can_add_region(self.manager, parent, using=self.using):
            self.add_error("parent", "只有系统管理员可以设立顶级地区")
            return data
        try:
            self.region().clean()
        except ValidationError:
            self.add_error("level", f"下级地区的层级须低于上级地区（“{parent.name}”是"
                                    f"{parent.get_level_display()}）")
            return data
        if Region.objects.using(self.using).filter(parent=parent, name=name).exists():
            where = f"“{parent.name}”下" if parent else "顶级地区中"
            self.add_error("name", f"{where}已有名为“{name}”的地区")
        return data

    def region(self) -> Region:
        """The region to save (not saved yet)."""
        return Region(name=self.cleaned_data["name"], level=self.cleaned_data["level"],
                      parent=self.cleaned_data["parent"])


class AgencyForm(forms.Form):
    """A new agency, or an agency's name, region and office mark."""

    name = forms.CharField(label="机关名称", max_length=200, error_messages={
        "required": "请填写机关名称", "max_length": "机关名称不能超过 200 字"})
    region = forms.ModelChoiceField(label="地区", queryset=Region.objects.none(), required=False,
                                    empty_label="（未指定地区）", error_messages={
                                        "invalid_choice": "所选地区不存在或不在您的管理范围内"})
    is_office = forms.BooleanField(label="本地区的主管部门（政务公开办/政府办公室）",
                                   required=False)

    def __init__(self, *args: Any, user: Any, using: str, instance: Agency | None = None,
                 **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": instance.name, "region": instance.region_id,
                                 "is_office": instance.is_office}
        kwargs.setdefault("auto_id", "agency-%s")
        super().__init__(*args, **kwargs)
        self.manager, self.using, self.instance = user, using, instance
        self.fields["region"].queryset = access.parent_regions(user, using).order_by(
            "level", "name")
        if not access.is_admin(user, using):
            self.fields["region"].required = True
            self.fields["region"].empty_label = "（请选择）"
            self.fields["region"].error_messages["required"] = "请选择地区"

    def clean_name(self) -> str:
        name = _name(self.cleaned_data["name"], "机关")
        same = Agency.objects.using(self.using).filter(name=name)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(f"已有名为“{name}”的机关，机关名称不能重复")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "region" not in data:
            return data
        region, is_office = data["region"], data.get("is_office", False)
        if is_office and region is None:
            self.add_error("region", "主管部门须属于一个地区")
        elif not access.can_place_agency(self.manager, region, is_office, using=self.using):
            self.add_error("is_office" if is_office else "region",
                           "您只能设立下级地区的主管部门" if is_office
                           else "所选地区不在您的管理范围内")
        elif is_office:
            others = Agency.objects.using(self.using).filter(region=region, is_office=True)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            office = others.first()
            if office is not None:
                self.add_error("is_office", f"“{region.name}”已有主管部门“{office.name}”，"
                                            "一个地区只能有一个主管部门")
        if (self.instance is not None and self.instance.is_office and not is_office
                and self.instance.memberships.filter(role=Role.reviewer).exists()):
            self.add_error("is_office", "该机关还有审核人员，请先取消他们的审核角色")
        return data

    def save(self) -> Agency:
        agency = self.instance or Agency()
        agency.name = self.cleaned_data["name"]
        agency.region = self.cleaned_data["region"]
        agency.is_office = self.cleaned_data["is_office"]
        agency.save(using=self.using)
        return agency


class RoleForm(forms.Form):
    """A role to give: clerk of an agency, reviewer of an office, or (administrators only)
    administrator."""

    role = forms.ChoiceField(label="角色", choices=Role.choices, error_messages={
        "required": "请选择角色", "invalid_choice": "您不能授予这个角色"})
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), required=False,
                                    empty_label="（请选择机关）", error_messages={
                                        "invalid_choice": _NOT_MANAGED})

    def __init__(self, *args: Any, user: Any, using: str, member: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager, self.using, self.member = user, using, member
        self.fields["agency"].queryset = access.manageable_agencies(user, using).select_related(
            "region").order_by("name")
        if not access.is_admin(user, using):
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.admin]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "role" not in data or "agency" not in data:
            return data
        role, agency = data["role"], data["agency"]
        if role == Role.admin:
            if agency is not None:
                self.add_error("agency", "系统管理员不属于任何机关，请不要选择机关")
                return data
        elif agency is None:
            self.add_error("agency", "请选择机关")
            return data
        elif role == Role.reviewer and not agency.is_office:
            self.add_error("agency", "审核人员须属于主管部门（政务公开办/政府办公室）")
            return data
        if not access.can_grant(self.manager, role, agency, using=self.using):
            self.add_error("agency", "您不能为这个机关授予该角色")
        elif self.member is not None and Membership.objects.using(self.using).filter(
                user=self.member, role=role, agency=agency).exists():
            self.add_error(None, "该用户已有这个角色")
        return data

    def membership(self, member: Any) -> Membership:
        return Membership(user=member, role=self.cleaned_data["role"],
                          agency=self.cleaned_data["agency"])


class NewUserForm(RoleForm):
    """A new user with a first role; the password typed in (checked by Django's password
    validators) or, left empty, generated and shown once."""

    username = forms.CharField(label="用户名", max_length=150, error_messages={
        "required": "请填写用户名", "max_length": "用户名不能超过 150 个字符"})
    full_name = forms.CharField(label="姓名", max_length=150, required=False, error_messages={
        "max_length": "姓名不能超过 150 字"})
    password = forms.CharField(label="初始密码", required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="留空则自动生成，只显示一次")
    field_order = ("username", "full_name", "password", "role", "agency")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        model = get_user_model()
        field = model._meta.get_field(model.USERNAME_FIELD)
        for validator in field.validators:
            try:
                validator(username)
            except ValidationError:
                raise ValidationError("用户名只能包含字母、数字和 @ . + - _ 字符") from None
        if model.objects.using(self.using).filter(username__iexact=username).exists():
            raise ValidationError(f"用户名“{username}”已被使用")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        typed = data.get("password") or ""
        data["generated"] = not typed
        data["password"] = typed or generated_password()
        if "username" in data:
            model = get_user_model()
            someone = model(username=data["username"], first_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], someone,
                                                      password_validators())
            except ValidationError as exc:
                for message in password_errors(exc):
                    self.add_error("password", message)
        return data

    def new_user(self) -> Any:
        """The new user, not saved yet."""
        model = get_user_model()
        user = model(username=self.cleaned_data["username"],
                     first_name=self.cleaned_data.get("full_name", "").strip())
        user.set_password(self.cleaned_data["password"])
        return user
