#include <libxml/xmlversion.h>

/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> includes ICU's <unicode/ucnv.h>.
 * Foundation brings its own ICU (_FoundationICU), and a module that sees both (a release test
 * build of GongkaiInboxTests) fails on two different UErrorCode types. The ICU declarations
 * only add two pointer members at the end of xmlCharEncodingHandler, which gongkai never
 * reads, so the shim leaves them out. Only Swift's view of that struct changes: the library
 * itself still converts GB18030 and the like with ICU. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
