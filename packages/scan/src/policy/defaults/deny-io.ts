import { denyGroup, words } from './entry.ts';
import type { DenyEntry } from './entry.ts';

/** Path methods that read, write, move or delete files, on every concrete Path class. */
function pathMethods(): string {
  const methods = words(
    `open read_text read_bytes write_text write_bytes unlink rmdir rename replace touch mkdir chmod
     lchmod symlink_to hardlink_to link_to iterdir glob rglob walk`,
  );
  return ['Path', 'PosixPath', 'WindowsPath']
    .flatMap((cls) => methods.map((method) => `pathlib.${cls}.${method}`))
    .join(' ');
}

/**
 * Globals that touch files or the network. Writing is the obvious harm (overwriting ~/.bashrc, dropping
 * a .pth file); reading and listing matter because a pickle can combine them with a network global to
 * exfiltrate, and none is needed to rebuild an ML object.
 */
export const IO_DENY: readonly DenyEntry[] = [
  ...denyGroup(
    'file-system',
    'opens a file for reading or writing',
    'builtins.open builtins.file io.open io.open_code io.FileIO codecs.open os.open os.fdopen',
  ),
  ...denyGroup(
    'file-system',
    'deletes, moves or truncates files',
    `os.remove os.unlink os.rmdir os.removedirs os.rename os.renames os.replace os.truncate
     os.ftruncate`,
  ),
  ...denyGroup(
    'file-system',
    'changes permissions, owners or timestamps of files',
    'os.chmod os.lchmod os.fchmod os.chown os.lchown os.fchown os.chflags os.lchflags os.utime',
  ),
  ...denyGroup(
    'file-system',
    'creates files, directories or links',
    'os.makedirs os.mkdir os.mkfifo os.mknod os.symlink os.link',
  ),
  ...denyGroup(
    'file-system',
    'writes to a file descriptor',
    'os.write os.pwrite os.writev os.sendfile',
  ),
  ...denyGroup(
    'file-system',
    'copies, moves and deletes files and trees (rmtree, move, copyfile)',
    'shutil.*',
  ),
  ...denyGroup('file-system', 'creates files and directories', 'tempfile.*'),
  ...denyGroup(
    'file-system',
    'writes, copies and removes files and trees (file_util.write_file)',
    'distutils.file_util.* distutils.dir_util.*',
  ),
  ...denyGroup(
    'file-system',
    'lists the file system (reconnaissance for other gadgets; never needed to rebuild an object)',
    'glob.*',
  ),
  ...denyGroup(
    'file-system',
    'reads arbitrary files into memory (getline, input)',
    'linecache.* fileinput.* filecmp.*',
  ),
  ...denyGroup('file-system', 'Path methods read, write, move and delete files', pathMethods()),
  ...denyGroup(
    'file-system',
    'opens and extracts archives, writing their members to disk',
    'tarfile.* zipfile.*',
  ),
  ...denyGroup('file-system', 'opens or creates database files', 'dbm.*'),
  ...denyGroup(
    'file-system',
    'creates database files; enable_load_extension loads native code',
    'sqlite3.*',
  ),
  ...denyGroup('file-system', 'maps files into memory for reading and writing', 'mmap.*'),
  ...denyGroup('file-system', 'writes to the system log', 'syslog.*'),
  ...denyGroup(
    'file-system',
    'opens a compressed file for reading or writing',
    'gzip.open gzip.GzipFile bz2.open bz2.BZ2File lzma.open lzma.LZMAFile',
  ),
  ...denyGroup(
    'file-system',
    'creates and appends to files; socket and HTTP handlers send records over the network',
    'logging.FileHandler logging.basicConfig logging.handlers.*',
  ),
  ...denyGroup(
    'file-system',
    'compiles and writes .pyc files, a persistence vector',
    'compileall.* py_compile.*',
  ),
  ...denyGroup(
    'file-system',
    'opens local and remote files (local, http, s3, gcs, ...)',
    'fsspec.*',
  ),
  ...denyGroup('network', 'opens network connections and servers', 'socket.* socketserver.*'),
  ...denyGroup('network', 'waits on sockets and pipes (I/O multiplexing)', 'select.* selectors.*'),
  ...denyGroup(
    'network',
    'opens TLS connections (get_server_certificate has been used for DNS exfiltration)',
    'ssl.*',
  ),
  ...denyGroup(
    'network',
    'HTTP clients and servers (http.client, http.server; Python 2 httplib maps here)',
    'http.*',
  ),
  ...denyGroup(
    'network',
    'opens URLs and downloads files (urlopen, urlretrieve; Python 2 urllib2 maps here)',
    'urllib.request.* urllib.urlopen urllib.urlretrieve urllib.URLopener urllib.FancyURLopener',
  ),
  ...denyGroup(
    'network',
    'HTTP client libraries',
    'requests.* httpx.* urllib3.* aiohttp.* pycurl.* wget.*',
  ),
  ...denyGroup(
    'network',
    'protocol clients and servers (FTP, SMTP, Telnet, POP, IMAP, NNTP, XML-RPC, SSH, WebSocket)',
    `ftplib.* smtplib.* smtpd.* telnetlib.* poplib.* imaplib.* nntplib.* xmlrpc.* paramiko.*
     websocket.* websockets.*`,
  ),
  ...denyGroup(
    'network',
    'cloud storage and API clients (download, upload, exfiltration)',
    'boto3.* botocore.* google.cloud.* azure.storage.*',
  ),
  ...denyGroup(
    'network',
    'downloads files and repositories from the Hugging Face Hub',
    'huggingface_hub.*',
  ),
];
