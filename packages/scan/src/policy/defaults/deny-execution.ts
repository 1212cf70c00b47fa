import { denyGroup } from './entry.ts';
import type { DenyEntry } from './entry.ts';

/**
 * Globals that start programs, install packages or open a debugger. Sources: the unsafe-globals lists
 * of picklescan (src/picklescan/scanner.py), ModelScan (modelscan/settings.py) and fickling
 * (fickle.py UNSAFE_IMPORTS), and the published bypasses of those lists (picklescan GHSAs for pip,
 * asyncio, uuid, _osx_support, _aix_support, _pyrepl, imaplib, mailcap; ModelScan issue #338).
 */
export const EXECUTION_DENY: readonly DenyEntry[] = [
  ...denyGroup(
    'process-execution',
    'runs a shell command or replaces the process with a program',
    `os.system os.popen os.execl os.execle os.execlp os.execlpe os.execv os.execve os.execvp
     os.execvpe os.spawnl os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve os.spawnvp
     os.spawnvpe os.posix_spawn os.posix_spawnp os.fork os.forkpty os.startfile`,
  ),
  ...denyGroup('process-execution', 'sends signals to other processes', 'os.kill os.killpg'),
  ...denyGroup(
    'process-execution',
    'the os module (posix, nt) holds process, file and environment operations; nothing in it is ' +
      'needed to rebuild ML objects',
    'os.*',
  ),
  ...denyGroup(
    'process-execution',
    'starts programs (Popen, run, call, check_output, getoutput; Python 2 commands maps here)',
    'subprocess.*',
  ),
  ...denyGroup(
    'process-execution',
    'low-level fork and exec behind subprocess',
    '_posixsubprocess.*',
  ),
  ...denyGroup('process-execution', 'raw Win32 calls, including CreateProcess', '_winapi.*'),
  ...denyGroup('process-execution', 'pty.spawn runs a program on a pseudo-terminal', 'pty.*'),
  ...denyGroup('process-execution', 'Python 2 process helpers', 'popen2.*'),
  ...denyGroup('process-execution', 'pipes.Template runs shell pipelines', 'pipes.*'),
  ...denyGroup('process-execution', 'pexpect spawns and drives programs', 'pexpect.*'),
  ...denyGroup(
    'process-execution',
    'starts processes that run callables (multiprocessing.util.spawnv_passfds runs a program)',
    'multiprocessing.*',
  ),
  ...denyGroup(
    'process-execution',
    'event-loop helpers start subprocesses and open sockets (unix_events._UnixSubprocessTransport)',
    'asyncio.*',
  ),
  ...denyGroup('process-execution', 'launches a browser program with a URL', 'webbrowser.*'),
  ...denyGroup('process-execution', "findmatch runs a mailcap entry's test command", 'mailcap.*'),
  ...denyGroup(
    'process-execution',
    'runs its command argument through a shell',
    'imaplib.IMAP4_stream',
  ),
  ...denyGroup(
    'process-execution',
    'runs an external command given as argument',
    `uuid._get_command_stdout uuid._popen uuid._find_mac uuid._find_mac_near_keyword
     uuid._find_mac_under_heading`,
  ),
  ...denyGroup(
    'process-execution',
    'platform helpers run external commands (_syscmd_file, _syscmd_ver)',
    'platform.*',
  ),
  ...denyGroup(
    'process-execution',
    'private build and REPL helpers run commands through os.system or subprocess',
    '_osx_support.* _aix_support.* _pyrepl.*',
  ),
  ...denyGroup(
    'process-execution',
    'pipepager and tempfilepager run a shell command; locate imports any module',
    'pydoc.*',
  ),
  ...denyGroup(
    'process-execution',
    'test.support helpers spawn Python subprocesses (script_helper.assert_python_ok)',
    'test.*',
  ),
  ...denyGroup('process-execution', 'spawn runs a program', 'distutils.spawn.*'),
  ...denyGroup(
    'process-execution',
    'runs commands in a shell (system, getoutput)',
    'IPython.utils.process.*',
  ),
  ...denyGroup(
    'process-execution',
    'runs a shell command (Popen with shell=True)',
    'torch.utils.collect_env.*',
  ),
  ...denyGroup(
    'process-execution',
    'runs a script under the profilers',
    'torch.utils.bottleneck.*',
  ),
  ...denyGroup(
    'process-execution',
    'runs MLflow project entry points as shell commands (backend.local._run_entry_point)',
    'mlflow.projects.*',
  ),
  ...denyGroup('process-execution', 'exec_command runs shell commands', 'numpy.distutils.*'),
  ...denyGroup(
    'process-execution',
    'clipboard helpers run xclip, xsel or pbcopy as subprocesses',
    'pandas.io.clipboard.* pandas.io.clipboards.*',
  ),
  ...denyGroup(
    'package-install',
    'pip.main installs packages, which runs their build and setup code (CVE-2025-1716)',
    'pip.*',
  ),
  ...denyGroup('package-install', '_run_pip runs pip', 'ensurepip.*'),
  ...denyGroup('package-install', 'creates environments and runs ensurepip in them', 'venv.*'),
  ...denyGroup(
    'package-install',
    'builds and installs packages and runs setup scripts (core.run_setup, file_util.write_file)',
    'distutils.* setuptools.*',
  ),
  ...denyGroup(
    'debugger',
    'starts an interactive debugger: commands from stdin, and the loader blocks',
    'pdb.* bdb.* ipdb.* pudb.* builtins.breakpoint',
  ),
];
