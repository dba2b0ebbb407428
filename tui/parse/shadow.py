"""A Simplified *shadow* of a report's text, so one set of patterns serves both scripts.

Patterns (来源, 整改情况, 巡视 …) are matched on the shadow; offsets found there are offsets into
the text as printed, because the shadow keeps the length (`to_simplified` converts phrase by
phrase and may not: such a line is converted character by character instead). The model always
keeps the characters as printed. Simplified text — nearly every report — costs one set check
and never loads OpenCC.
"""

from __future__ import annotations

from tui.text.script import to_simplified  # OpenCC itself is loaded on first use

#: Traditional characters the genre's common words turn into (s2t, s2tw and s2hk of the test
#: corpus and the seed): a report printed in Traditional holds some of them on every line.
TRADITIONAL_HINT = frozenset(
    "並乾亂佈佔併來係個們備傳債傾價儀億償優儲兌兒內兩冊別則剛創劃勁動務勝勢勵匯區協參吳員問啓啟喫單噸嚴囑國圍園圓圖團執堅報場塊壇壓壞壯夠夥奮娛婦學實寧審寬將專對導屆屢層屬峯島崗嵐嶺嶼帥師帶幣幫幹庫廈廚廠廢廣廳張強彈彙後徑從復徵徹恆愛態慮慶憑懇應懲懷戰戶掃掛採揚換揮損撥擊擔據擠擴擺敗數斷於時暫曬書會東桿條棟業極榮構槓樂樓標樹橋機檔檢欄權歡歲歷歸氣汙決況淨淺渙減測準溝溼滄滯滿潔潛濕濟濱瀏瀾灘灣為無熱燈營爍爐爭爲牀牽獎獲獻現環產畝畫異當療發盡監盤眾矯確碼磚礎礙礦祕禮稅種稱積穩競筆箇節範築篩簡簽籌籤糧糾紀約紅納級紛紮細紹終組結絕給統絲經綜綠維網緊線締緣編緩縣縮縱總績織繕繞繡繪繫繳繼續罰羣義習聞聯聲職聽肅脈脫腦臉臨臺與興舉舊華萬葉蓋薦藍藥蘆蘭處虛號虧衆術衛補裝製複覈見規視親覺覽觀訂計討訓託記訟訪設許訴診註詐評詢試話該詳認語誠誡誤說説課調談諉請論謀講證識議護讀變讓負財貢貧貫責買貸費貼貿賀賃資賦質賬購賽跡踐蹤車軌軍軟較載輕輛輪輯輸轄轉辦農迴這連週進遊運過達違遞遠適遲遷選遺邁還邊郵鄉鄭醫釋釐釘針鈎鉤銀銜銷鋒鋰錄錘錢錯鍊鍋鍛鍵鎖鎮鏈鐵鑄鑾長門閃閉開閒間閤閩閱閲闖關陳陸陽隊階際隨險隱雙離難雲電鞏響頁頂項順預頓領頭頻題額顏願類顧顯風飲養餘館饋馬駐騙驅驕驗驛體髮鬆鬥魚麗黃點黨齊齡龍"
)


def shadow(text: str) -> str:
    """`text` with Traditional characters folded to Simplified, the same length as `text`."""
    if TRADITIONAL_HINT.isdisjoint(text):
        return text
    lines = []
    for line in text.split("\n"):
        converted = to_simplified(line)
        if len(converted) != len(line):
            converted = "".join(_one(char, to_simplified) for char in line)
        lines.append(converted)
    return "\n".join(lines)


def _one(char: str, convert) -> str:
    folded = convert(char)
    return folded if len(folded) == 1 else char
