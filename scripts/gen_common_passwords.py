#!/usr/bin/env python3
"""Writes backend/seed/common_passwords.txt: passwords the policy refuses however they mix cases.

Two parts, lower-cased, one per line:
- the 20,000 most frequent leaked passwords of zxcvbn's frequency list (MIT licence, Dan Wheeler /
  Dropbox; read from the `zxcvbn` package on PyPI: `pip install zxcvbn==4.5.0`);
- the patterns Chinese users favour that such lists under-represent: 我爱你 numbers, keyboard walks,
  common pinyin names (surname + given name) and words (`zhangwei`, `woaini`, `admin`, `zengdu`).
The policy (backend/src/domain/password_policy.rs) looks up the password, its letters without the
digits and symbols around them (`Zhangwei@1990` → `zhangwei`, `Admin@123` → `admin`) and their
de-leeted form (`P@ssw0rd!` → `password`), and refuses a stem of three letters or fewer with such a
tail (`Aa123456`, `Abc@123`): the list need not spell every year and tail.

    python3 scripts/gen_common_passwords.py
"""
import itertools, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "backend", "seed", "common_passwords.txt")

try:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
except ImportError:
    sys.exit("needs the zxcvbn package: pip install zxcvbn==4.5.0")

leaked = FREQUENCY_LISTS["passwords"][:20_000]

# 百家姓 most common surnames and given names, in pinyin.
surnames = "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao".split()
given = "wei min jing li qiang lei jun yang yong yan jie juan tao ming chao xiuying hua ping gang gui fang na hong bo hui xin yu jian fei ying long jia hao yi peng".split()
words = """woaini aini iloveyou admin administrator root system sysadmin manager test guest user
password passwd mima zhengfu gov zwfw lvyue zengdu suizhou hubei wuhan beijing shanghai zhongguo china
huawei baidu tencent alibaba qq weixin wechat dingding abc abcd abcde abcdef qwe qwer qwert qwerty
asd asdf asdfgh zxc zxcv zxcvbn qaz qazwsx qazwsxedc aa aaa aaaa zz zzz welcome hello
""".split()
walks = ["1qaz2wsx", "1qaz@wsx", "1q2w3e4r", "1q2w3e", "q1w2e3r4", "zaq12wsx", "!qaz2wsx", "qwertyuiop",
         "asdfghjkl", "zxcvbnm", "1234qwer", "qwer1234", "123qwe", "qwe123", "abc123", "a123456", "aa123456"]
love = ["5201314", "1314520", "521521", "woaini1314", "woaini520", "iloveyou1314", "1314521", "520520"]
stems = set(walks + love + words)
stems.update(s + g for s, g in itertools.product(surnames, given))
stems.update(surnames)

lines = sorted(set(p.lower() for p in leaked) | stems)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} passwords written to {os.path.relpath(OUT, ROOT)}")
