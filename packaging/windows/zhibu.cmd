@echo off
rem zhibu for Windows: starts the bundled Python on the zhibu in lib\.
rem -E: ignore PYTHON* variables that other software (ArcGIS, Anaconda) may have set.
setlocal
"%~dp0python\python.exe" -E -m tui %*
set "ZHIBU_EXIT=%ERRORLEVEL%"
rem Double-clicked (no arguments) and failed: keep the window open so the message can be read.
if not "%ZHIBU_EXIT%"=="0" if "%~1"=="" pause
exit /b %ZHIBU_EXIT%
