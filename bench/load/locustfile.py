"""Load test of the upload pages (issue 7 part 9): each simulated user logs in, uploads one
report, polls the job's progress until it is checked, opens the results page, and again.

Run by bench/load/run.py (which starts and stops the server and makes the accounts
load-01 … load-NN with password LOAD_PASSWORD); by hand:

    locust -f bench/load/locustfile.py --headless -u 20 -r 5 --run-time 2m -H http://127.0.0.1:8000

The reports: the five seeds of ../shared/seeds (text) and reports made from random consistent
figures as DOCX and HTML (gongkai.write), one chosen at random for each upload.

Request names (the rows of Locust's statistics): 登录页, 登录, 上传, 进度查询, 结果页, and
the custom kind 任务 / 上传到检查完成: from the upload's answer to the poll that finds the job
finished (a failure when it does not finish within POLL_LIMIT_S or ends failed).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-password")
POLL_EVERY_S = 0.5
POLL_LIMIT_S = 120.0
_BATCH = re.compile(r"/uploads/(\d+)/$")


def _made_reports() -> list[tuple[str, bytes]]:
    from gongkai.interchange import from_dict
    from gongkai.synth import random_report
    from gongkai.write import render

    made = []
    for seed, (agency, kind) in enumerate([("青山市教育局", "docx"), ("白水县财政局", "docx"),
                                           ("红河州卫生健康委员会", "html"),
                                           ("东湖区民政局", "html")]):
        report = random_report(random.Random(seed), "2021", agency=agency, year=2023)
        made.append((f"{agency}2023.{kind}", render(from_dict(report), kind)))
    return made


REPORTS = [(p.name, p.read_bytes()) for p in SEEDS] + _made_reports()
_accounts = itertools.count()


class Uploader(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = f"load-{next(_accounts) % USERS + 1:02d}"
        self.client.get("/login/", name="登录页")
        response = self.client.post("/login/", name="登录", allow_redirects=False, data={
            "username": self.username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")})
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} 登录失败：{response.status_code}")

    @task
    def upload_and_wait(self) -> None:
        name, data = random.choice(REPORTS)
        with self.client.post(
                "/uploads/", name="上传", allow_redirects=False, catch_response=True,
                files={"files": (name, data)},
                data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
        ) as response:
            found = _BATCH.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not found:
                response.failure(f"上传未被接受：{response.status_code} {response.error or ''}")
                return
        batch = found.group(1)
        started = time.perf_counter()
        status = self._wait(batch)
        elapsed_ms = (time.perf_counter() - started) * 1000
        failed = None if status == "done" else RuntimeError(f"任务 {batch} 结束状态：{status}")
        self.environment.events.request.fire(
            request_type="任务", name="上传到检查完成", response_time=elapsed_ms,
            response_length=0, exception=failed, context={})
        self.client.get(f"/uploads/{batch}/", name="结果页")

    def _wait(self, batch: str) -> str:
        deadline = time.perf_counter() + POLL_LIMIT_S
        while time.perf_counter() < deadline:
            time.sleep(POLL_EVERY_S)
            response = self.client.get(f"/uploads/{batch}/status/", name="进度查询")
            if response.status_code == 200 and response.json()["finished"]:
                return response.json()["status"]
        return "timeout"
