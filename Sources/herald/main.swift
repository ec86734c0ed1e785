import Foundation

FileHandle.standardError.write(Data("usage: herald <command>\n".utf8))
exit(64)
