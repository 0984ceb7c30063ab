import Link from 'next/link';

interface NoticeProps {
  heading: string;
  message: string;
}

// A centred message with a way back home: the 404 page, a missing ticket, an unreachable API.
const Notice = ({ heading, message }: NoticeProps) => (
  <div className="text-center py-5">
    <h1 className="h3">{heading}</h1>
    <p className="text-secondary">{message}</p>
    <Link href="/" className="btn btn-outline-primary">
      Back to all tickets
    </Link>
  </div>
);

export default Notice;
