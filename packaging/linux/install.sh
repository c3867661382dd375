#!/bin/sh
# 支部工作台 zhibu：在没有网络的 Linux 电脑上安装。
# 用法：sh install.sh [安装目录]      （默认 ./zhibu-venv）
# 需要 Python 3.11、3.12 或 3.13（python3），x86_64。环境变量 PYTHON 可指定解释器。
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv=${1:-./zhibu-venv}
python=${PYTHON:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
    echo "找不到 $python：请先安装 Python 3.11 或更高版本（例如 sudo apt install python3 python3-venv）。" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'; then
    echo "需要 Python 3.11、3.12 或 3.13，而 $python 是 $("$python" -V 2>&1)。可用 PYTHON=python3.12 sh install.sh 指定。" >&2
    exit 1
fi
if ! "$python" -m venv "$venv"; then
    echo "无法在 $venv 建立虚拟环境：Debian/Ubuntu/统信/麒麟上请先安装 python3-venv（sudo apt install python3-venv）。" >&2
    exit 1
fi
"$venv/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" --disable-pip-version-check zhibu

venv_abs=$(cd "$venv" && pwd)
echo
echo "安装完成：$("$venv_abs/bin/zhibu" --version)"
echo "打开程序：  $venv_abs/bin/zhibu"
echo "先看演示：  $venv_abs/bin/zhibu --demo"
echo "数据保存在 ~/.local/share/zhibu/（可用环境变量 ZHIBU_HOME 或 --db 改变）。"
